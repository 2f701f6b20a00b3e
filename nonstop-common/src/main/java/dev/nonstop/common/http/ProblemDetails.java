package dev.nonstop.common.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nonstop.common.problem.Problem;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The one error format of every control API, an RFC 9457 problem ({@code application/problem+json}):
 *
 * <pre>{@code
 * {"title": "Bad Request", "status": 400, "detail": "invalid table; the table in force is unchanged",
 *  "error": "invalid table; the table in force is unchanged", "code": "bad_request",
 *  "problems": [{"path": "apps[0].groups[0].members[1].port", "message": "70000 (expected: 1-65535)"}]}
 * }</pre>
 *
 * <p>{@code detail} says what went wrong for a person; {@code error} repeats it for the clients that read it by that
 * name. {@code code} is a stable name of the error for programs ({@code unauthorized}, {@code too_large}, {@code
 * stale_fencing_token}; by default the status's reason in snake case). {@code problems} names every wrong input, by
 * its path, as {@link Problem} does (empty when the error is not about an input). An API may add members of its own
 * ({@code "version": 7} on a conflict), as RFC 9457 allows.
 *
 * @param extensions the API's own members, in order; none of the names above
 */
public record ProblemDetails(
        HttpResponseStatus status, String code, String detail, List<Problem> problems, Map<String, Object> extensions) {
    /** The media type of a problem. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private static final Set<String> MEMBERS = Set.of("type", "title", "status", "detail", "error", "code", "problems");

    public ProblemDetails {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(detail, "detail");
        problems = List.copyOf(problems);
        for (String name : extensions.keySet()) {
            if (MEMBERS.contains(name)) {
                throw new IllegalArgumentException("extension: " + name + " (expected: none of " + MEMBERS + ")");
            }
        }
        extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /** A problem with {@code status}, the default code and no inputs named. */
    public static ProblemDetails of(HttpResponseStatus status, String detail) {
        return new ProblemDetails(status, defaultCode(status), detail, List.of(), Map.of());
    }

    /** A 400 naming every wrong input; the detail is the one problem's line or their count. */
    public static ProblemDetails badRequest(List<Problem> problems) {
        String detail =
                problems.size() == 1 ? problems.get(0).toString() : "invalid request: " + problems.size() + " problems";
        return of(HttpResponseStatus.BAD_REQUEST, detail).withProblems(problems);
    }

    /** {@code Bad Request} becomes {@code bad_request}. */
    static String defaultCode(HttpResponseStatus status) {
        return status.reasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    }

    public ProblemDetails withCode(String code) {
        return new ProblemDetails(status, code, detail, problems, extensions);
    }

    public ProblemDetails withProblems(List<Problem> problems) {
        return new ProblemDetails(status, code, detail, problems, extensions);
    }

    /** This problem with one more member of the API's own: a string, a number or a boolean. */
    public ProblemDetails with(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new ProblemDetails(status, code, detail, problems, more);
    }

    /** The body. */
    public ObjectNode toJson() {
        ObjectNode body = ControlResponses.JSON.createObjectNode();
        body.put("title", status.reasonPhrase());
        body.put("status", status.code());
        body.put("detail", detail);
        body.put("error", detail);
        body.put("code", code);
        ArrayNode list = body.putArray("problems");
        for (Problem problem : problems) {
            list.addObject().put("path", problem.path()).put("message", problem.message());
        }
        extensions.forEach((name, value) -> body.set(name, ControlResponses.JSON.valueToTree(value)));
        return body;
    }

    /** The response: this problem as {@code application/problem+json}. */
    public FullHttpResponse toResponse() {
        return ControlResponses.json(status, MEDIA_TYPE, toJson());
    }
}
