package dev.nonstop.agent.contract;

import java.util.Objects;

/**
 * One thing wrong with an input, named by where it is ({@code port}, {@code env.PORT}) and what
 * was expected: {@code port: 70000 (expected: 1-65535)}.
 */
public record Problem(String path, String message) {

    public Problem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** {@code path: value (expected: ...)}, the one message format of the project. */
    public static Problem of(String path, Object value, String expected) {
        return new Problem(path, path + ": " + value + " (expected: " + expected + ")");
    }

    @Override
    public String toString() {
        return message;
    }
}
