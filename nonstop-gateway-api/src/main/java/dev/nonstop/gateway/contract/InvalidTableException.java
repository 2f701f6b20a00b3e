package dev.nonstop.gateway.contract;

import dev.nonstop.common.problem.Problem;
import java.util.List;
import java.util.stream.Collectors;

/** A routing table or config that fails validation; names every problem found, not just the first. */
public final class InvalidTableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem> problems;

    public InvalidTableException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
