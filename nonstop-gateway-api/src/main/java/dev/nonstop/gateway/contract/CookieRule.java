package dev.nonstop.gateway.contract;

import java.util.Objects;

/**
 * Requests carrying cookie {@code name} (case-sensitive, as cookies are) with exactly {@code value} go
 * to {@code group}; {@code value == null} matches the cookie with any value.
 */
public record CookieRule(String name, String value, String group) implements GrayRule {
    public CookieRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(group, "group");
    }
}
