package dev.nonstop.common.fencing;

import dev.nonstop.common.problem.Problem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A fence that cannot be: a blank or too long release id, a negative token, or fencing headers that are
 * malformed or come alone. Receivers answer it with 400 and the {@link #problems()}.
 */
public final class InvalidFenceException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    InvalidFenceException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, each naming the field or header at fault. */
    public List<Problem> problems() {
        return problems;
    }
}
