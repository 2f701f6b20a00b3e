package dev.nonstop.agent.api;

import dev.nonstop.agent.contract.AgentErrors;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a failed call with the status and code {@link AgentErrors#refusal} gives it, and logs the
 * failures that are none of the agent's typed refusals.
 */
final class AgentRefusals {
    private static final Logger log = LoggerFactory.getLogger(AgentRefusals.class);

    private AgentRefusals() {}

    static FullHttpResponse toResponse(RuntimeException e) {
        AgentErrors.Refusal refusal = AgentErrors.refusal(e);
        if (refusal.code().equals(AgentErrors.INTERNAL)) {
            log.error("agent API: unexpected failure", e);
        }
        return AgentResponses.error(
                HttpResponseStatus.valueOf(refusal.status()),
                refusal.code(),
                refusal.message(),
                refusal.problems(),
                refusal.details());
    }
}
