package dev.nonstop.controller.api;

import dev.nonstop.common.problem.Problem;
import java.util.Objects;

/**
 * One problem of a request, as the API reports it: {@code {"path": "batchSize", "message": "batchSize: 0 (expected:
 * >= 1)"}}. The path names the JSON field ({@code drain.deadline}, {@code smokeChecks[1].path}) or the query
 * parameter.
 */
public record ApiProblem(String path, String message) {

    public ApiProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** {@code path: value (expected: expected)}. */
    public static ApiProblem of(String path, Object value, String expected) {
        return new ApiProblem(path, path + ": " + value + " (expected: " + expected + ")");
    }

    static ApiProblem of(Problem problem) {
        return new ApiProblem(problem.path(), problem.toString());
    }
}
