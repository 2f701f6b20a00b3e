/**
 * The HTTP server of every control API (the gateway's admin API, the agent's and the controller's), written once:
 * {@link dev.nonstop.common.http.ControlApiServer} binds (loopback by default), checks the bearer token on the request
 * head before any body byte is buffered ({@link dev.nonstop.common.http.BearerAuth}, which also caps the connections
 * that have not yet sent an authenticated request), joins an authenticated body up to a limit ({@link
 * dev.nonstop.common.http.BoundedBodyAggregator}, 413 above it), or writes it to a file for the requests an API
 * picks ({@code BodySpoolingHandler}, a large upload: {@link
 * dev.nonstop.common.http.ControlApiServer.Builder#spooledBodies}), and hands the request off the event loop to the
 * API's {@link dev.nonstop.common.http.ControlApiHandler}. A connection's pipeline:
 *
 * <pre>{@code
 * readTimeout -> codec (HttpServerCodec) -> auth (BearerAuth) -> keepAlive (HttpServerKeepAliveHandler)
 *     -> [spooler (BodySpoolingHandler), when the API spools some bodies] -> aggregator (BoundedBodyAggregator)
 *     -> api (hand-off to the ControlApiHandler on the executor)
 * }</pre>
 *
 * <p>Every error, the server's own and the handlers', is a {@link dev.nonstop.common.http.ProblemDetails}: one
 * {@code application/problem+json} format with {@code status}, {@code title}, {@code detail}, {@code code} and the
 * {@code problems} that name each wrong input. {@link dev.nonstop.common.http.ControlResponses} writes them and the
 * JSON bodies. Refusals (wrong token, malformed head, evicted or timed-out connections) are counted per caller and
 * minute by a {@link dev.nonstop.common.audit.RefusalAggregator} so that a flood of them cannot grow an audit log
 * without bound.
 */
package dev.nonstop.common.http;
