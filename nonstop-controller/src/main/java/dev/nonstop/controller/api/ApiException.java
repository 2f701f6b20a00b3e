package dev.nonstop.controller.api;

import dev.nonstop.common.http.ProblemDetails;
import dev.nonstop.common.problem.Problem;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;

/**
 * A request the API refuses, with the status to answer: 400 with every problem, 404, 405, 409, 415. Thrown by the
 * endpoints, turned into the kit's problem ({@link ProblemDetails}) by {@link ApiRequestHandler}.
 */
final class ApiException extends RuntimeException {
    private final transient ProblemDetails problem;

    private ApiException(ProblemDetails problem) {
        super(problem.detail());
        this.problem = problem;
    }

    ApiException(HttpResponseStatus status, String message, List<Problem> problems) {
        this(ProblemDetails.of(status, message).withProblems(problems));
    }

    static ApiException badRequest(List<Problem> problems) {
        return new ApiException(ProblemDetails.badRequest(problems));
    }

    static ApiException badRequest(Problem problem) {
        return badRequest(List.of(problem));
    }

    static ApiException notFound(String message) {
        return new ApiException(HttpResponseStatus.NOT_FOUND, message, List.of());
    }

    static ApiException conflict(String message) {
        return new ApiException(HttpResponseStatus.CONFLICT, message, List.of());
    }

    HttpResponseStatus status() {
        return problem.status();
    }

    List<Problem> problems() {
        return problem.problems();
    }

    FullHttpResponse toResponse() {
        return problem.toResponse();
    }
}
