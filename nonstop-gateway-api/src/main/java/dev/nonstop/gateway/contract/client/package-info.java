/**
 * A typed client of one gateway's admin API, on {@code java.net.http} with bounded timeouts: {@link
 * dev.nonstop.gateway.contract.client.GatewayAdminClient} reads and replaces the whole {@link
 * dev.nonstop.gateway.contract.RoutingTable} (with {@code If-Match}), sets a member's {@link
 * dev.nonstop.gateway.contract.MemberState} and weight, and reads a member's {@link
 * dev.nonstop.gateway.contract.client.MemberCounters}. Every mutation made for a release carries the
 * release's fencing headers; a gateway that saw a higher token answers 409, thrown as {@link
 * dev.nonstop.gateway.contract.client.GatewayFencedOutException}.
 */
package dev.nonstop.gateway.contract.client;
