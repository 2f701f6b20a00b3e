package dev.nonstop.controller.release.spec;

import java.util.List;
import java.util.Optional;

/**
 * A gray entry rule: requests that match it go to the green group whatever the percentage step (the team's own
 * testers first). A header or cookie rule matches a request carrying {@code name} (with {@code value}, or any value
 * when it is {@code null}); a network rule a client address inside one of {@code cidrs}.
 */
public record EntryRule(Kind kind, String name, String value, List<String> cidrs) {

    /** The three kinds of rule. */
    public enum Kind {
        HEADER,
        COOKIE,
        NETWORK
    }

    /** What a header or cookie rule looks like on the command line, for {@code (expected: ...)} messages. */
    public static final String NAME_VALUE_FORMAT = "NAME=VALUE or NAME (any value)";

    public EntryRule {
        cidrs = cidrs == null ? List.of() : List.copyOf(cidrs);
    }

    public static EntryRule header(String name, String value) {
        return new EntryRule(Kind.HEADER, name, value, List.of());
    }

    public static EntryRule cookie(String name, String value) {
        return new EntryRule(Kind.COOKIE, name, value, List.of());
    }

    public static EntryRule network(List<String> cidrs) {
        return new EntryRule(Kind.NETWORK, null, null, cidrs);
    }

    /**
     * A header or cookie rule from {@code NAME=VALUE} or {@code NAME}; empty when {@code text} has no name. The name
     * and value are checked by the spec's validation.
     */
    public static Optional<EntryRule> parseNameValue(Kind kind, String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        int eq = text.indexOf('=');
        String name = (eq < 0 ? text : text.substring(0, eq)).strip();
        String value = eq < 0 ? null : text.substring(eq + 1).strip();
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new EntryRule(kind, name, value, List.of()));
    }

    @Override
    public String toString() {
        return switch (kind) {
            case HEADER -> "header " + name + (value == null ? "" : "=" + value);
            case COOKIE -> "cookie " + name + (value == null ? "" : "=" + value);
            case NETWORK -> "network " + String.join(",", cidrs);
        };
    }
}
