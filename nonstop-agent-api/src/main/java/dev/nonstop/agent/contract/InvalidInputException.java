package dev.nonstop.agent.contract;

import dev.nonstop.common.problem.Problem;
import dev.nonstop.common.text.Names;
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
                ? problems.get(0).toString()
                : problems.size() + " problems: "
                        + String.join(
                                "; ", problems.stream().map(Problem::toString).toList());
    }

    /**
     * Returns {@code value} when it is a name ({@link Names}: it becomes a file name on the agent).
     *
     * @throws InvalidInputException naming {@code field} otherwise
     */
    public static String requireName(String field, String value) {
        Names.check(field, value).ifPresent(problem -> {
            throw new InvalidInputException(problem);
        });
        return value;
    }

    /** Every problem found, in input order. */
    public List<Problem> problems() {
        return problems;
    }
}
