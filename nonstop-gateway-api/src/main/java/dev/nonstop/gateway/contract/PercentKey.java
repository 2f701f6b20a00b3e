package dev.nonstop.gateway.contract;

import java.util.Objects;

/**
 * What identifies a user for a {@link PercentRule}: a cookie (e.g. {@code JSESSIONID}), a header (e.g.
 * {@code X-User-Id}) or the client address.
 *
 * @param name the cookie or header name; {@code null} for {@link Kind#CLIENT_ADDRESS}
 */
public record PercentKey(Kind kind, String name) {
    public enum Kind {
        COOKIE,
        HEADER,
        CLIENT_ADDRESS
    }

    public PercentKey {
        Objects.requireNonNull(kind, "kind");
    }

    public static PercentKey cookie(String name) {
        return new PercentKey(Kind.COOKIE, Objects.requireNonNull(name, "name"));
    }

    public static PercentKey header(String name) {
        return new PercentKey(Kind.HEADER, Objects.requireNonNull(name, "name"));
    }

    public static PercentKey clientAddress() {
        return new PercentKey(Kind.CLIENT_ADDRESS, null);
    }
}
