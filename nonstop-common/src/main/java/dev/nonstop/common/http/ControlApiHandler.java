package dev.nonstop.common.http;

import io.netty.handler.codec.http.FullHttpResponse;

/**
 * What a control API does with an authenticated request: the one piece each API writes itself, the rest of the
 * server being {@link ControlApiServer}'s. Called off the event loop, on the server's executor, so it may block
 * (a store, a file, a process); one request of a connection at a time, in the order they came.
 *
 * <pre>{@code
 * ControlApiHandler handler = request -> request.path().equals("/api/version")
 *         ? ControlResponses.json(HttpResponseStatus.OK, Map.of("version", 7))
 *         : ProblemDetails.of(HttpResponseStatus.NOT_FOUND, "no such endpoint: " + request.path()).toResponse();
 * }</pre>
 */
@FunctionalInterface
public interface ControlApiHandler {
    /**
     * The response to {@code request}, or null when the handler took the connection over and answers on {@link
     * ControlRequest#channel()} itself (an event stream). A {@link RuntimeException} is answered with a 500 problem
     * and logged.
     */
    FullHttpResponse handle(ControlRequest request);
}
