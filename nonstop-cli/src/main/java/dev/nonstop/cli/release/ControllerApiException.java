package dev.nonstop.cli.release;

import dev.nonstop.common.problem.Problem;
import java.util.List;

/**
 * The controller refused a call: its HTTP status, its {@code error} and every {@code problem} it named (a 400 names
 * each invalid field; the same {@link Problem} as a config file's).
 */
public final class ControllerApiException extends ControllerException {
    private final int status;
    private final transient List<Problem> problems;

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
