package dev.nonstop.cli.release;

import java.util.List;
import java.util.Objects;

/**
 * The controller refused a call: its HTTP status, its {@code error} and every {@code problem} it named (a 400 names
 * each invalid field).
 */
public final class ControllerApiException extends ControllerException {
    private final int status;
    private final transient List<Problem> problems;

    /** One problem of a refused request: the JSON field or parameter, and what is wrong with it. */
    public record Problem(String path, String message) {
        public Problem {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(message, "message");
        }

        /** As a person reads it: {@code batchSize: 0 (expected: >= 1)}. */
        @Override
        public String toString() {
            return path.isEmpty() ? message : path + ": " + message;
        }
    }

    public ControllerApiException(int status, String error, List<Problem> problems) {
        super(error);
        this.status = status;
        this.problems = List.copyOf(problems);
    }

    /** The HTTP status: 400, 401, 404, 409, 413, 415 or 5xx. */
    public int status() {
        return status;
    }

    /** The server's {@code error}: one line. */
    public String error() {
        return getMessage();
    }

    /** Every problem the server named; empty for refusals that are not about a field (404, 409). */
    public List<Problem> problems() {
        return problems;
    }
}
