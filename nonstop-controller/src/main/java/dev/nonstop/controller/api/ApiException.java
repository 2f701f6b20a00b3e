package dev.nonstop.controller.api;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;

/**
 * A request the API refuses, with the status to answer: 400 with every problem, 404, 405, 409, 415. Thrown by the
 * endpoints, turned into {@code {"error", "problems"}} by {@link ApiRequestHandler}.
 */
final class ApiException extends RuntimeException {
    private final HttpResponseStatus status;
    private final transient List<ApiProblem> problems;

    ApiException(HttpResponseStatus status, String message, List<ApiProblem> problems) {
        super(message);
        this.status = status;
        this.problems = List.copyOf(problems);
    }

    static ApiException badRequest(List<ApiProblem> problems) {
        return new ApiException(
                HttpResponseStatus.BAD_REQUEST,
                problems.size() == 1 ? problems.get(0).message() : "invalid request: " + problems.size() + " problems",
                problems);
    }

    static ApiException badRequest(ApiProblem problem) {
        return badRequest(List.of(problem));
    }

    static ApiException notFound(String message) {
        return new ApiException(HttpResponseStatus.NOT_FOUND, message, List.of());
    }

    static ApiException conflict(String message) {
        return new ApiException(HttpResponseStatus.CONFLICT, message, List.of());
    }

    HttpResponseStatus status() {
        return status;
    }

    List<ApiProblem> problems() {
        return problems;
    }
}
