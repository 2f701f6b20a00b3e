package dev.nonstop.agent.api;

import dev.nonstop.agent.Agent;
import dev.nonstop.agent.Caller;
import dev.nonstop.agent.contract.InvalidInputException;
import dev.nonstop.common.http.ControlRequest;
import dev.nonstop.common.http.RouteTable;
import io.netty.buffer.ByteBuf;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One agent API request being served, as its endpoint reads it: the path's parameters, headers and body, and its
 * caller. What goes wrong while reading a mutation, before the agent sees it, is audited here as a refusal (the agent
 * audits its own).
 */
final class AgentCall {
    private final Agent agent;
    private final ControlRequest request;
    private final RouteTable.Found<?> route;

    AgentCall(Agent agent, ControlRequest request, RouteTable.Found<?> route) {
        this.agent = agent;
        this.request = request;
        this.route = route;
    }

    /** A path parameter, decoded: {@code id} of {@code /agent/instances/{id}}. */
    String param(String name) {
        return route.param(name);
    }

    /** A request header; null when absent. */
    String header(CharSequence name) {
        return request.headers().get(name);
    }

    /** The body, as received (empty when there is none, or when it was spooled). */
    ByteBuf content() {
        return request.content();
    }

    /** The file the server spooled the body to, for the routes whose bodies it spools ({@link AgentRoutes#UPLOAD}). */
    Optional<Path> spooledBody() {
        return request.spooledBody();
    }

    /** The caller of a mutation described as {@code what}; malformed fencing headers are a refusal, audited. */
    Caller caller(String what) {
        Caller unfenced = new Caller(AgentApiHandler.TOKEN_OWNER, Optional.empty());
        return beforeTheAgent(unfenced, what, () -> AgentFencing.caller(request));
    }

    /**
     * Runs {@code parse}, the part of a mutation that happens before the agent sees it; a refusal there is audited
     * for {@code caller}.
     */
    <T> T beforeTheAgent(Caller caller, String what, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidInputException e) {
            agent.auditRefusal(caller, what, e);
            throw e;
        }
    }
}
