package dev.nonstop.agent.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nonstop.agent.contract.AgentErrors;
import dev.nonstop.common.http.ProblemDetails;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Iterator;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a failed call with the problem {@link AgentErrors#refusal} describes (its status, code, problems and the
 * fields a client needs to rebuild the typed exception), and logs the failures that are none of the agent's typed
 * refusals.
 */
final class AgentRefusals {
    private static final Logger log = LoggerFactory.getLogger(AgentRefusals.class);

    private AgentRefusals() {}

    static FullHttpResponse toResponse(RuntimeException e) {
        AgentErrors.Refusal refusal = AgentErrors.refusal(e);
        if (refusal.code().equals(AgentErrors.INTERNAL)) {
            log.error("agent API: unexpected failure", e);
        }
        ProblemDetails problem = ProblemDetails.of(HttpResponseStatus.valueOf(refusal.status()), refusal.message())
                .withCode(refusal.code())
                .withProblems(refusal.problems());
        for (Iterator<Map.Entry<String, JsonNode>> it = refusal.details().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            problem = problem.with(field.getKey(), field.getValue());
        }
        return problem.toResponse();
    }
}
