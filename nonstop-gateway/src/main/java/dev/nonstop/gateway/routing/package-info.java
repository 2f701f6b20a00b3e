/**
 * The routing table: routes (host and path prefix) to apps, apps to groups to members, each member
 * with a weight and a {@link dev.nonstop.gateway.routing.MemberState}. A table is an immutable
 * value with a version; the gateway swaps a whole validated table in at once and answers which
 * version is in force. Start with {@link dev.nonstop.gateway.routing.RoutingTable} and {@link
 * dev.nonstop.gateway.routing.RoutingTableValidator}.
 */
package dev.nonstop.gateway.routing;
