package dev.nonstop.sample.session;

import java.util.List;
import java.util.Optional;

/** Reads the {@code SAMPLE_SESSION} cookie from request headers and writes {@code Set-Cookie} values. */
public final class SessionCookie {

    public static final String NAME = "SAMPLE_SESSION";

    private SessionCookie() {}

    /** The cookie's value among the request's {@code Cookie} headers, if sent. */
    public static Optional<String> find(List<String> cookieHeaders) {
        if (cookieHeaders == null) {
            return Optional.empty();
        }
        for (String header : cookieHeaders) {
            for (String pair : header.split(";")) {
                String trimmed = pair.trim();
                if (trimmed.startsWith(NAME + "=")) {
                    return Optional.of(trimmed.substring(NAME.length() + 1));
                }
            }
        }
        return Optional.empty();
    }

    /** A {@code Set-Cookie} value that stores {@code token} for {@code maxAgeSeconds}. */
    public static String set(String token, long maxAgeSeconds) {
        return NAME + "=" + token + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Lax";
    }

    /** A {@code Set-Cookie} value that removes the cookie. */
    public static String clear() {
        return NAME + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax";
    }
}
