package dev.nonstop.gateway.contract;

import java.util.Objects;

/**
 * Sticky sessions by cookie: the gateway sets {@code cookieName=<member id>} on responses and
 * sends later requests carrying it to that member while it is ACTIVE or DRAINING.
 */
public record StickySessions(String cookieName) {
    public static final String DEFAULT_COOKIE = "NONSTOP_MEMBER";

    public StickySessions {
        Objects.requireNonNull(cookieName, "cookieName");
    }
}
