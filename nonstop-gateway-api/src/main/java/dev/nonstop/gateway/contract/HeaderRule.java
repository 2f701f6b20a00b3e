package dev.nonstop.gateway.contract;

import java.util.Objects;

/**
 * Requests carrying header {@code name} (case-insensitive) with exactly {@code value} go to {@code
 * group}; {@code value == null} matches the header with any value. The first field with that name is
 * the one compared.
 */
public record HeaderRule(String name, String value, String group) implements GrayRule {
    public HeaderRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(group, "group");
    }
}
