package dev.nonstop.agent.contract;

import java.util.List;

/** An input (a name, an instance spec, a request) that the agent refuses; nothing was changed. */
public final class InvalidInputException extends IllegalArgumentException {
    private final transient List<Problem> problems;

    public InvalidInputException(List<Problem> problems) {
        super(summary(problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidInputException(Problem problem) {
        this(List.of(problem));
    }

    private static String summary(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems: [] (expected: at least one)");
        }
        return problems.size() == 1
                ? problems.get(0).message()
                : problems.size() + " problems: "
                        + String.join(
                                "; ", problems.stream().map(Problem::message).toList());
    }

    /** Every problem found, in input order. */
    public List<Problem> problems() {
        return problems;
    }
}
