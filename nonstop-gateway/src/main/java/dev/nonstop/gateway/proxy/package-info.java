/**
 * The reverse proxy on Netty. See {@code docs/gateway-threading.md} for the threading model. A
 * client connection's pipeline ends in {@link dev.nonstop.gateway.proxy.FrontendHandler}, which
 * runs one {@code Exchange} at a time; upstream connections come from a pool per event loop and
 * end in {@code BackendHandler}. Everything of one exchange runs on the client's event loop.
 */
package dev.nonstop.gateway.proxy;
