/**
 * The routing table in force on this gateway: {@link dev.nonstop.gateway.routing.RoutingTableHolder}
 * swaps a whole validated {@link dev.nonstop.gateway.contract.RoutingTable} in at once, with an
 * optimistic version check, and tells its listeners. The table model itself is the gateway's
 * contract and lives in {@code nonstop-gateway-api} ({@link dev.nonstop.gateway.contract}).
 */
package dev.nonstop.gateway.routing;
