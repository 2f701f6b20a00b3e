package dev.nonstop.common.problem;

/**
 * One thing wrong with a config or table, rendered as {@code path: value (expected: ...)}, for
 * example {@code apps[0].groups[0].members[1].port: 70000 (expected: 1-65535)}.
 */
public record Problem(String path, String message) {
    public static Problem of(String path, Object value, String expected) {
        return new Problem(path, value + " (expected: " + expected + ")");
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
