package dev.nonstop.controller.release.spec;

import java.util.Objects;

/**
 * One thing wrong with a release spec: {@code batchSize: 0 (expected: >= 1)}.
 *
 * @param field the field's name as the builder spells it, with an index for list items ({@code smokeChecks[1].path})
 * @param value the rejected value as text
 * @param expected what would have been accepted
 */
public record Problem(String field, String value, String expected) {

    public Problem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expected, "expected");
    }

    /** The message shown to the user: {@code field: value (expected: ...)}. */
    public String message() {
        return field + ": " + value + " (expected: " + expected + ")";
    }

    @Override
    public String toString() {
        return message();
    }
}
