/**
 * The HTTP front of every control API (the gateway's admin API, the agent's and the controller's): {@link
 * dev.nonstop.common.http.BearerAuth} checks the bearer token on the request head, before any body byte is buffered,
 * and caps the connections that have not yet sent an authenticated request; {@link
 * dev.nonstop.common.http.BoundedBodyAggregator} then joins an authenticated request's body, up to a limit, answering
 * in the API's own problem format when it is over. A server's pipeline:
 *
 * <pre>{@code
 * codec (HttpServerCodec) -> auth (bearerAuth.newHandler()) -> keepAlive (HttpServerKeepAliveHandler)
 *     -> aggregator (new BoundedBodyAggregator(max, errors)) -> the API's handler
 * }</pre>
 *
 * <p>Refusals (wrong token, malformed head, evicted or timed-out connections) are reported to the server, which
 * typically feeds them to a {@link dev.nonstop.common.audit.RefusalAggregator} so that a flood of them cannot grow
 * its audit log without bound.
 */
package dev.nonstop.common.http;
