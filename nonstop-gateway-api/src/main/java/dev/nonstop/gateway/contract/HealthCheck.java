package dev.nonstop.gateway.contract;

import java.time.Duration;
import java.util.Objects;

/**
 * Active health check of every member of an app: {@code GET path} straight to the member every
 * {@code interval}; {@code rise} consecutive successes (2xx or 3xx) bring a member up, {@code fall}
 * consecutive failures take it down.
 */
public record HealthCheck(String path, Duration interval, Duration timeout, int rise, int fall) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    public HealthCheck {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
    }

    public static HealthCheck of(String path) {
        return new HealthCheck(path, DEFAULT_INTERVAL, DEFAULT_TIMEOUT, 2, 3);
    }
}
