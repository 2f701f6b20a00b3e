package dev.nonstop.agent.api;

import dev.nonstop.agent.Agent;
import dev.nonstop.common.http.ControlApiHandler;
import dev.nonstop.common.http.ControlRequest;
import dev.nonstop.common.http.ProblemDetails;
import dev.nonstop.common.http.RouteTable;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Serves the agent's endpoints ({@link AgentRoutes}). The work (copying artifacts, waiting for a process to stop)
 * blocks, so the kit's {@link dev.nonstop.common.http.ControlApiServer} runs it on a worker, never on the event loop,
 * one request of a connection at a time. Every request here is authenticated, and its caller is the token's owner,
 * the controller.
 */
final class AgentApiHandler implements ControlApiHandler {
    static final String CHECKSUM_HEADER = "X-Checksum-Sha256";
    static final String TOKEN_OWNER = "controller";

    private final Agent agent;
    private final RouteTable<AgentEndpoint> routes;

    AgentApiHandler(Agent agent) {
        this.agent = agent;
        this.routes = AgentRoutes.of(agent);
    }

    @Override
    public FullHttpResponse handle(ControlRequest request) {
        try {
            return route(request);
        } catch (RuntimeException e) {
            return AgentRefusals.toResponse(e);
        }
    }

    private FullHttpResponse route(ControlRequest request) {
        return switch (routes.lookup(request.method(), request.uri())) {
            case RouteTable.Found<AgentEndpoint> found -> found.endpoint().serve(new AgentCall(agent, request, found));
            case RouteTable.NotFound<AgentEndpoint> none ->
                ProblemDetails.of(HttpResponseStatus.NOT_FOUND, "no such endpoint: " + none.path())
                        .withCode("not_found")
                        .toResponse();
            case RouteTable.MethodNotAllowed<AgentEndpoint> wrong -> {
                FullHttpResponse response = ProblemDetails.of(
                                HttpResponseStatus.METHOD_NOT_ALLOWED,
                                "method " + request.method() + " (expected: "
                                        + wrong.allowHeader().replace(", ", " or ") + ")")
                        .withCode("method_not_allowed")
                        .toResponse();
                response.headers().set(HttpHeaderNames.ALLOW, wrong.allowHeader());
                yield response;
            }
        };
    }
}
