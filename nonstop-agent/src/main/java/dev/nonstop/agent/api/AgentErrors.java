package dev.nonstop.agent.api;

import dev.nonstop.agent.InvalidInputException;
import dev.nonstop.agent.artifact.ArtifactConflictException;
import dev.nonstop.agent.artifact.ArtifactNotFoundException;
import dev.nonstop.agent.artifact.ChecksumMismatchException;
import dev.nonstop.agent.process.InstanceAlreadyRunningException;
import dev.nonstop.agent.process.ProcessStartException;
import dev.nonstop.agent.process.UnknownInstanceException;
import dev.nonstop.common.fencing.StaleFencingTokenException;
import dev.nonstop.common.http.ProblemDetails;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
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
        return problem(e).toResponse();
    }

    /** The problem that says {@code e}, with its stable code and what a client needs to rebuild it. */
    static ProblemDetails problem(RuntimeException e) {
        return switch (e) {
            case InvalidInputException bad ->
                problem(HttpResponseStatus.BAD_REQUEST, INVALID_INPUT, bad).withProblems(bad.problems());
            case ChecksumMismatchException mismatch ->
                problem(HttpResponseStatus.BAD_REQUEST, CHECKSUM_MISMATCH, mismatch)
                        .with("app", mismatch.app())
                        .with("version", mismatch.version())
                        .with("expected", mismatch.expected())
                        .with("actual", mismatch.actual());
            case StaleFencingTokenException stale ->
                problem(HttpResponseStatus.CONFLICT, STALE_FENCING_TOKEN, stale)
                        .with("highestSeen", stale.highestSeen());
            case ArtifactConflictException c -> problem(HttpResponseStatus.CONFLICT, ARTIFACT_CONFLICT, c);
            case InstanceAlreadyRunningException r -> problem(HttpResponseStatus.CONFLICT, INSTANCE_RUNNING, r);
            case ArtifactNotFoundException n -> problem(HttpResponseStatus.NOT_FOUND, ARTIFACT_NOT_FOUND, n);
            case UnknownInstanceException n -> problem(HttpResponseStatus.NOT_FOUND, UNKNOWN_INSTANCE, n);
            case ProcessStartException p -> problem(HttpResponseStatus.INTERNAL_SERVER_ERROR, PROCESS_START_FAILED, p);
            case IllegalStateException closed -> problem(HttpResponseStatus.SERVICE_UNAVAILABLE, UNAVAILABLE, closed);
            default -> {
                log.error("agent API: unexpected failure", e);
                yield ProblemDetails.of(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + e.getMessage())
                        .withCode(INTERNAL);
            }
        };
    }

    private static ProblemDetails problem(HttpResponseStatus status, String code, RuntimeException e) {
        return ProblemDetails.of(status, e.getMessage()).withCode(code);
    }
}
