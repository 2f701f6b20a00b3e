/**
 * The gateway: an HTTP/1.1 reverse proxy whose members can be drained, weighted and routed at
 * runtime, with live in-flight counts. Start with {@link dev.nonstop.gateway.Gateway#start} and
 * {@link dev.nonstop.gateway.GatewaySettings}; the routing model is in {@code routing}.
 */
package dev.nonstop.gateway;
