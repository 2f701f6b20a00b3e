package dev.nonstop.controller.release.spec;

import java.util.Locale;
import java.util.Optional;

/**
 * What identifies a user for the percentage steps: the gateway hashes its value, so the same user lands in the same
 * bucket on every gateway, and a growing percentage only adds users to green.
 *
 * @param name the cookie or header name; {@code null} for the client address
 */
public record UserKey(Kind kind, String name) {

    /** Where the key's value comes from. */
    public enum Kind {
        COOKIE,
        HEADER,
        CLIENT_ADDRESS
    }

    /** What a key looks like on the command line and in JSON, for {@code (expected: ...)} messages. */
    public static final String FORMAT = "cookie:NAME, header:NAME or client-address";

    /** The gateway's pin cookie: users without a key value get a random bucket and are then pinned by it. */
    public static final UserKey DEFAULT = new UserKey(Kind.COOKIE, "NONSTOP_USER");

    /** The key of {@code cookie:NAME}, {@code header:NAME} or {@code client-address}; empty for anything else. */
    public static Optional<UserKey> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip();
        if (t.equalsIgnoreCase("client-address")) {
            return Optional.of(new UserKey(Kind.CLIENT_ADDRESS, null));
        }
        int colon = t.indexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            return Optional.empty();
        }
        String kind = t.substring(0, colon).toLowerCase(Locale.ROOT);
        String name = t.substring(colon + 1);
        return switch (kind) {
            case "cookie" -> Optional.of(new UserKey(Kind.COOKIE, name));
            case "header" -> Optional.of(new UserKey(Kind.HEADER, name));
            default -> Optional.empty();
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case COOKIE -> "cookie:" + name;
            case HEADER -> "header:" + name;
            case CLIENT_ADDRESS -> "client-address";
        };
    }
}
