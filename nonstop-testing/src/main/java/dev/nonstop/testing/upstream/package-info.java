/**
 * Test upstreams: the backends a gateway test routes to.
 *
 * <p>{@link dev.nonstop.testing.upstream.TestUpstream} is a Netty HTTP/1.1 server with keep-alive,
 * pipelining and a fixed set of endpoints (echo, {@code ?delay=MS}, request-body digest, chunked,
 * server-sent events, WebSocket echo, switchable health, any status, close after response and a
 * {@code /bench} fast path). Run it in the test's JVM with {@link
 * dev.nonstop.testing.upstream.TestUpstream#start}, or as a separate process with {@link
 * dev.nonstop.testing.upstream.UpstreamProcess}, which can be terminated, killed, paused and
 * restarted on the same port, and which collects the {@code X-Request-Id} of every request the
 * process received (its {@code RECV} lines).
 */
package dev.nonstop.testing.upstream;
