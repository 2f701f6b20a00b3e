package dev.nonstop.agent.api;

import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static io.netty.handler.codec.http.HttpMethod.PUT;

import dev.nonstop.agent.Agent;
import dev.nonstop.common.http.RouteTable;

/**
 * Every endpoint of the agent's API, by method and path: the table {@link AgentApiHandler} routes with, and the one
 * {@code openapi/agent.yaml} is checked against. See {@link AgentServer} for what each does.
 */
final class AgentRoutes {
    private AgentRoutes() {}

    static RouteTable<AgentEndpoint> of(Agent agent) {
        ArtifactEndpoints artifacts = new ArtifactEndpoints(agent);
        InstanceEndpoints instances = new InstanceEndpoints(agent);
        return RouteTable.<AgentEndpoint>builder()
                .add(GET, "/agent/apps", artifacts::list)
                .add(PUT, "/agent/apps/{app}/versions/{version}", artifacts::install)
                .add(GET, "/agent/free-port", instances::freePort)
                .add(GET, "/agent/instances", instances::list)
                .add(POST, "/agent/instances", instances::start)
                .add(GET, "/agent/instances/{id}", instances::status)
                .add(POST, "/agent/instances/{id}/stop", instances::stop)
                .build();
    }
}
