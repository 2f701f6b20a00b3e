/**
 * The gateway's contract: the routing table every process agrees on. Routes (host and path prefix)
 * lead to apps, apps to groups to members, each member with a weight and a {@link
 * dev.nonstop.gateway.contract.MemberState}. A {@link dev.nonstop.gateway.contract.RoutingTable} is an
 * immutable value with a version; {@link dev.nonstop.gateway.contract.RoutingTableValidator} names
 * every problem of a table, and {@link dev.nonstop.gateway.contract.TableJson} is its one JSON (and
 * YAML) shape, the same in the gateway's config file, on the admin API and in the controller.
 *
 * <p>An app with {@link dev.nonstop.gateway.contract.GrayRouting} gets a group per request (header,
 * cookie and network rules, the pin cookie, percent rules, the default group), then a member of that
 * group; {@link dev.nonstop.gateway.contract.UserBucket} is the stable user hash of percent rules.
 *
 * <p>This package has no server code: the gateway serves it, the controller and the CLI edit it
 * through {@link dev.nonstop.gateway.contract.client.GatewayAdminClient}.
 */
package dev.nonstop.gateway.contract;
