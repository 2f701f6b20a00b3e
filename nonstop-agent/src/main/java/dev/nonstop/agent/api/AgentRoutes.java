package dev.nonstop.agent.api;

import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static io.netty.handler.codec.http.HttpMethod.PUT;

import dev.nonstop.agent.Agent;
import dev.nonstop.common.http.RouteTable;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Every endpoint of the agent's API, by method and path: the table {@link AgentApiHandler} routes with, and the one
 * {@code openapi/agent.yaml} is checked against. See {@link AgentServer} for what each does.
 */
final class AgentRoutes {
    /** The artifact upload, the one route whose body is a jar rather than JSON: the server spools it to a file. */
    static final String UPLOAD = "/agent/apps/{app}/versions/{version}";

    private static final RouteTable<Boolean> UPLOADS =
            RouteTable.<Boolean>builder().add(PUT, UPLOAD, true).build();

    private AgentRoutes() {}

    /** Whether {@code head} is an artifact upload ({@code PUT} {@value #UPLOAD}), whose body is spooled. */
    static boolean isUpload(HttpRequest head) {
        return UPLOADS.lookup(head.method(), head.uri()) instanceof RouteTable.Found<Boolean>;
    }

    static RouteTable<AgentEndpoint> of(Agent agent) {
        ArtifactEndpoints artifacts = new ArtifactEndpoints(agent);
        InstanceEndpoints instances = new InstanceEndpoints(agent);
        return RouteTable.<AgentEndpoint>builder()
                .add(GET, "/agent/apps", artifacts::list)
                .add(PUT, UPLOAD, artifacts::install)
                .add(GET, "/agent/free-port", instances::freePort)
                .add(GET, "/agent/instances", instances::list)
                .add(POST, "/agent/instances", instances::start)
                .add(GET, "/agent/instances/{id}", instances::status)
                .add(POST, "/agent/instances/{id}/stop", instances::stop)
                .build();
    }
}
