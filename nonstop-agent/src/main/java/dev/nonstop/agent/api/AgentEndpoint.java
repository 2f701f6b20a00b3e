package dev.nonstop.agent.api;

import io.netty.handler.codec.http.FullHttpResponse;

/** Serves one agent API route (see {@link AgentRoutes}); typed failures are turned into errors by {@link AgentErrors}. */
@FunctionalInterface
interface AgentEndpoint {
    FullHttpResponse serve(AgentCall call);
}
