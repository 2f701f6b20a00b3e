package dev.nonstop.agent.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nonstop.agent.Agent;
import dev.nonstop.agent.Caller;
import dev.nonstop.agent.contract.AgentJson;
import dev.nonstop.agent.contract.InstanceSpec;
import dev.nonstop.agent.contract.InvalidInputException;
import dev.nonstop.common.http.ControlResponses;
import dev.nonstop.common.problem.Problem;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.Map;

/**
 * {@code /agent/instances}: start, stop and show the app processes the agent runs, and {@code GET /agent/free-port},
 * a port for the next one.
 */
final class InstanceEndpoints {
    private final Agent agent;

    InstanceEndpoints(Agent agent) {
        this.agent = agent;
    }

    /** Every instance the agent knows, running or not. */
    FullHttpResponse list(AgentCall call) {
        return ControlResponses.json(HttpResponseStatus.OK, AgentJson.instances(agent.instances()));
    }

    /** One instance; 404 when unknown. */
    FullHttpResponse status(AgentCall call) {
        return ControlResponses.json(HttpResponseStatus.OK, AgentJson.status(agent.status(call.param("id"))));
    }

    /** {@code {"port": N}}, free on this host now. */
    FullHttpResponse freePort(AgentCall call) {
        return ControlResponses.json(HttpResponseStatus.OK, Map.of("port", agent.freePort()));
    }

    /** Starts the instance of the spec in the body: 201 with its status. */
    FullHttpResponse start(AgentCall call) {
        String what = "start (invalid request)";
        Caller caller = call.caller(what);
        InstanceSpec spec = call.beforeTheAgent(
                caller, what, () -> AgentJson.toSpec(AgentJson.parse(ByteBufUtil.getBytes(call.content()))));
        return ControlResponses.json(
                HttpResponseStatus.CREATED, AgentJson.status(agent.as(caller).start(spec)));
    }

    /** Stops an instance, within the body's {@code timeoutMs} or the agent's default stop timeout. */
    FullHttpResponse stop(AgentCall call) {
        String instanceId = call.param("id");
        String what = "stop " + instanceId;
        Caller caller = call.caller(what);
        Duration timeout = call.beforeTheAgent(caller, what, () -> stopTimeout(call));
        return ControlResponses.json(
                HttpResponseStatus.OK, AgentJson.stopResult(agent.as(caller).stop(instanceId, timeout)));
    }

    private Duration stopTimeout(AgentCall call) {
        Duration timeout = agent.settings().defaultStopTimeout();
        if (call.content().isReadable()) {
            JsonNode body = AgentJson.parse(ByteBufUtil.getBytes(call.content()));
            JsonNode ms = body.get("timeoutMs");
            if (ms != null && !ms.isNull()) {
                if (!ms.isIntegralNumber() || ms.asLong() < 0 || !ms.canConvertToLong()) {
                    throw new InvalidInputException(Problem.of("timeoutMs", ms, "milliseconds, >= 0"));
                }
                timeout = Duration.ofMillis(ms.asLong());
            }
        }
        return timeout;
    }
}
