package dev.nonstop.agent.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nonstop.agent.contract.client.AgentRequestException;
import dev.nonstop.common.fencing.Fence;
import dev.nonstop.common.fencing.StaleFencingTokenException;
import dev.nonstop.common.problem.Problem;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The agent API's errors, both ways, in one place: the stable error codes, the status and code each
 * typed exception is answered with ({@link #refusal}), and the typed exception a client rebuilds
 * from an answer ({@link #toException}). An error body is {@code {"error": message, "code": code,
 * "problems": [{"path", "message"}]}} plus the fields of {@link Refusal#details()}.
 */
public final class AgentErrors {
    public static final String INVALID_INPUT = "invalid_input";
    public static final String CHECKSUM_MISMATCH = "checksum_mismatch";
    public static final String ARTIFACT_CONFLICT = "artifact_conflict";
    public static final String ARTIFACT_NOT_FOUND = "artifact_not_found";
    public static final String UNKNOWN_INSTANCE = "unknown_instance";
    public static final String INSTANCE_RUNNING = "instance_running";
    public static final String STALE_FENCING_TOKEN = "stale_fencing_token";
    public static final String PROCESS_START_FAILED = "process_start_failed";
    public static final String UNAVAILABLE = "unavailable";
    public static final String INTERNAL = "internal_error";

    private AgentErrors() {}

    /**
     * How the agent answers one failure.
     *
     * @param status the HTTP status
     * @param code one of this class's codes
     * @param problems every problem of an invalid input; empty otherwise
     * @param details extra fields of the error body ({@code highestSeen}, the digests of a mismatch)
     */
    public record Refusal(int status, String code, String message, List<Problem> problems, ObjectNode details) {
        public Refusal {
            Objects.requireNonNull(code, "code");
            problems = List.copyOf(problems);
            details = details == null ? AgentJson.MAPPER.createObjectNode() : details;
        }

        private static Refusal of(int status, String code, RuntimeException e) {
            return new Refusal(status, code, e.getMessage(), List.of(), null);
        }
    }

    /**
     * The answer to {@code e}; a failure that is none of the agent's typed refusals is a 500 {@link
     * #INTERNAL}, which the server also logs, and a closed agent ({@link IllegalStateException}) a 503
     * {@link #UNAVAILABLE}.
     */
    public static Refusal refusal(RuntimeException e) {
        ObjectNode details = AgentJson.MAPPER.createObjectNode();
        return switch (e) {
            case InvalidInputException bad -> new Refusal(400, INVALID_INPUT, bad.getMessage(), bad.problems(), null);
            case ChecksumMismatchException mismatch -> {
                details.put("app", mismatch.app())
                        .put("version", mismatch.version())
                        .put("expected", mismatch.expected())
                        .put("actual", mismatch.actual());
                yield new Refusal(400, CHECKSUM_MISMATCH, mismatch.getMessage(), List.of(), details);
            }
            case StaleFencingTokenException stale -> {
                details.put("highestSeen", stale.highestSeen());
                yield new Refusal(409, STALE_FENCING_TOKEN, stale.getMessage(), List.of(), details);
            }
            case ArtifactConflictException c -> Refusal.of(409, ARTIFACT_CONFLICT, c);
            case InstanceAlreadyRunningException r -> Refusal.of(409, INSTANCE_RUNNING, r);
            case ArtifactNotFoundException n -> Refusal.of(404, ARTIFACT_NOT_FOUND, n);
            case UnknownInstanceException n -> Refusal.of(404, UNKNOWN_INSTANCE, n);
            case ProcessStartException p -> Refusal.of(500, PROCESS_START_FAILED, p);
            case IllegalStateException closed -> Refusal.of(503, UNAVAILABLE, closed);
            default -> new Refusal(500, INTERNAL, "internal error: " + e.getMessage(), List.of(), null);
        };
    }

    /**
     * The exception a client throws for an error answer: the typed one where the body carries enough
     * to rebuild it ({@link InvalidInputException}, {@link ChecksumMismatchException}, {@link
     * StaleFencingTokenException} for a fenced call, {@link UnknownInstanceException}), an {@link
     * AgentRequestException} with the agent's code otherwise.
     *
     * @param instanceId the instance the call was about, or null
     * @param fence the fence the call carried, if any
     */
    public static RuntimeException toException(int status, JsonNode body, String instanceId, Optional<Fence> fence) {
        String code = body.path("code").asText("http_" + status);
        String message = body.path("error").asText("HTTP " + status);
        List<Problem> problems = AgentJson.toProblems(body);
        return switch (code) {
            case INVALID_INPUT ->
                problems.isEmpty()
                        ? new AgentRequestException(status, code, message, List.of())
                        : new InvalidInputException(problems);
            case CHECKSUM_MISMATCH ->
                new ChecksumMismatchException(
                        body.path("app").asText(),
                        body.path("version").asText(),
                        body.path("expected").asText(),
                        body.path("actual").asText());
            case STALE_FENCING_TOKEN ->
                fence.isPresent()
                        ? new StaleFencingTokenException(
                                fence.get(), body.path("highestSeen").asLong())
                        : new AgentRequestException(status, code, message, List.of());
            case UNKNOWN_INSTANCE -> new UnknownInstanceException(instanceId);
            default -> new AgentRequestException(status, code, message, problems);
        };
    }
}
