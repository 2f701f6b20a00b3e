/**
 * The reverse proxy on Netty. See {@code docs/gateway-threading.md} for the threading model. A
 * client connection's pipeline ends in {@link dev.nonstop.gateway.proxy.FrontendHandler}, which
 * runs one {@code Exchange} at a time; upstream connections come from a pool per event loop and
 * end in {@code BackendHandler}. Everything of one exchange runs on the client's event loop.
 *
 * <p>An {@code Exchange} takes one request from its head to the last response byte. It asks
 * {@code RequestKeys} what the request is routed by, {@code MemberAttempts} which member gets it
 * and whether it may be sent again, and hands an upgraded connection to an {@code UpgradeRelay}.
 * For an app with gray routing, a {@code GroupRouter} (compiled with the table) first picks the
 * request's group from the head's bytes; {@code MemberAttempts} then balances inside that group,
 * falling back to the default group, then any group, and the response carries the group's pin
 * cookie when the user is to be pinned.
 * HTTP/1.1 framing (decoders, heads, body parts, forwarded heads) is {@link dev.nonstop.gateway.http}'s.
 */
package dev.nonstop.gateway.proxy;
