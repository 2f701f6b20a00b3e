/**
 * HTTP clients the release runner talks through, on {@code java.net.http} with bounded timeouts.
 *
 * <ul>
 *   <li>{@link dev.nonstop.controller.client.GatewayAdminClient}: one gateway's admin API (member state and weight,
 *       the whole routing table with {@code If-Match}, member counters). Every mutation made for a release carries
 *       the release's fencing headers; a gateway that saw a higher token answers 409, thrown as {@link
 *       dev.nonstop.controller.client.GatewayFencedOutException}.
 *   <li>{@link dev.nonstop.controller.client.AppProbe}: requests sent straight to an instance's {@code host:port},
 *       never through a gateway: readiness, smoke checks, {@code /nonstop/status} and {@code /nonstop/drain}.
 * </ul>
 */
package dev.nonstop.controller.client;
