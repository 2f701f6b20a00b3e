package dev.nonstop.gateway.admin;

import dev.nonstop.common.problem.Problem;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;

/**
 * A request the admin API refuses before it changes anything: the status, the message and the problems of the error
 * response, and for a 405 the {@code Allow} header. Thrown by the parsing, fencing and routing steps and turned into
 * the response by {@link AdminApiHandler}.
 */
final class AdminRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final HttpResponseStatus status;
    final transient List<Problem> problems;
    /** The {@code Allow} header of a 405; null otherwise. */
    final String allow;

    AdminRefusal(HttpResponseStatus status, String message, List<Problem> problems, String allow) {
        super(message, null, false, false);
        this.status = status;
        this.problems = List.copyOf(problems);
        this.allow = allow;
    }

    AdminRefusal(HttpResponseStatus status, String message, Problem problem) {
        this(status, message, List.of(problem), null);
    }

    AdminRefusal(HttpResponseStatus status, String message) {
        this(status, message, List.of(), null);
    }
}
