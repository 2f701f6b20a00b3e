package dev.nonstop.controller.release.spec;

import dev.nonstop.common.problem.Problem;
import java.util.List;
import java.util.stream.Collectors;

/** A release spec with one or more problems; the message lists all of them, one per line. */
public final class InvalidReleaseSpecException extends IllegalArgumentException {

    private final List<Problem> problems;

    public InvalidReleaseSpecException(List<Problem> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    private static String message(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems: [] (expected: at least one)");
        }
        return "invalid release spec:" + problems.stream().map(p -> "\n  " + p).collect(Collectors.joining());
    }

    /** Every problem found, in field order. */
    public List<Problem> problems() {
        return problems;
    }
}
