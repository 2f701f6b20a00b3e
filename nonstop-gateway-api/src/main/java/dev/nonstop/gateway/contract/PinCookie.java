package dev.nonstop.gateway.contract;

import java.time.Duration;
import java.util.Objects;

/**
 * The cookie that keeps a user on the group they were given: {@code name=<group>; Path=/; HttpOnly;
 * SameSite=Lax} (plus {@code Max-Age} when {@code maxAge} is set).
 *
 * @param maxAge {@code null} for a session cookie
 */
public record PinCookie(String name, Duration maxAge) {
    public static final String DEFAULT_NAME = "NONSTOP_GROUP";

    public PinCookie {
        Objects.requireNonNull(name, "name");
    }

    /** {@code NONSTOP_GROUP}, a session cookie. */
    public static PinCookie defaults() {
        return new PinCookie(DEFAULT_NAME, null);
    }
}
