package dev.nonstop.common.config;

import dev.nonstop.common.problem.Problem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A config file, or a table sent to the admin API, that cannot be used; lists every problem found,
 * each naming the field by its path, e.g. {@code timeouts.connect: -1s (expected: > 0)}.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final transient List<Problem> problems;

    /**
     * @param source what was read, e.g. the file name, for messages
     * @param problems at least one
     */
    public ConfigException(String source, List<Problem> problems) {
        super(message(source, problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems: [] (expected: at least one)");
        }
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    public String source() {
        return source;
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String message(String source, List<Problem> problems) {
        String head = source + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems");
        return problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n", head + "\n", ""));
    }
}
