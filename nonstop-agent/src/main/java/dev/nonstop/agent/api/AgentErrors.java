package dev.nonstop.agent.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nonstop.agent.InvalidInputException;
import dev.nonstop.agent.artifact.ArtifactConflictException;
import dev.nonstop.agent.artifact.ArtifactNotFoundException;
import dev.nonstop.agent.artifact.ChecksumMismatchException;
import dev.nonstop.agent.process.InstanceAlreadyRunningException;
import dev.nonstop.agent.process.ProcessStartException;
import dev.nonstop.agent.process.UnknownInstanceException;
import dev.nonstop.common.fencing.StaleFencingTokenException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps the agent's typed exceptions to HTTP statuses and stable error codes, one place for both. */
final class AgentErrors {
    private static final Logger log = LoggerFactory.getLogger(AgentErrors.class);

    static final String INVALID_INPUT = "invalid_input";
    static final String CHECKSUM_MISMATCH = "checksum_mismatch";
    static final String ARTIFACT_CONFLICT = "artifact_conflict";
    static final String ARTIFACT_NOT_FOUND = "artifact_not_found";
    static final String UNKNOWN_INSTANCE = "unknown_instance";
    static final String INSTANCE_RUNNING = "instance_running";
    static final String STALE_FENCING_TOKEN = "stale_fencing_token";
    static final String PROCESS_START_FAILED = "process_start_failed";
    static final String UNAVAILABLE = "unavailable";
    static final String INTERNAL = "internal_error";

    private AgentErrors() {}

    static FullHttpResponse toResponse(RuntimeException e) {
        ObjectNode extra = AgentJson.MAPPER.createObjectNode();
        return switch (e) {
            case InvalidInputException bad ->
                AgentResponses.error(
                        HttpResponseStatus.BAD_REQUEST, INVALID_INPUT, bad.getMessage(), bad.problems(), null);
            case ChecksumMismatchException mismatch -> {
                extra.put("app", mismatch.app())
                        .put("version", mismatch.version())
                        .put("expected", mismatch.expected())
                        .put("actual", mismatch.actual());
                yield AgentResponses.error(
                        HttpResponseStatus.BAD_REQUEST, CHECKSUM_MISMATCH, mismatch.getMessage(), List.of(), extra);
            }
            case StaleFencingTokenException stale -> {
                extra.put("highestSeen", stale.highestSeen());
                yield AgentResponses.error(
                        HttpResponseStatus.CONFLICT, STALE_FENCING_TOKEN, stale.getMessage(), List.of(), extra);
            }
            case ArtifactConflictException c ->
                AgentResponses.error(HttpResponseStatus.CONFLICT, ARTIFACT_CONFLICT, c.getMessage());
            case InstanceAlreadyRunningException r ->
                AgentResponses.error(HttpResponseStatus.CONFLICT, INSTANCE_RUNNING, r.getMessage());
            case ArtifactNotFoundException n ->
                AgentResponses.error(HttpResponseStatus.NOT_FOUND, ARTIFACT_NOT_FOUND, n.getMessage());
            case UnknownInstanceException n ->
                AgentResponses.error(HttpResponseStatus.NOT_FOUND, UNKNOWN_INSTANCE, n.getMessage());
            case ProcessStartException p ->
                AgentResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, PROCESS_START_FAILED, p.getMessage());
            case IllegalStateException closed ->
                AgentResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, UNAVAILABLE, closed.getMessage());
            default -> {
                log.error("agent API: unexpected failure", e);
                yield AgentResponses.error(
                        HttpResponseStatus.INTERNAL_SERVER_ERROR, INTERNAL, "internal error: " + e.getMessage());
            }
        };
    }
}
