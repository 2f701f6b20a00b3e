package dev.nonstop.controller.release.spec;

import java.time.Duration;

/**
 * How a started instance is judged ready: its readiness path is polled every {@code interval} until it answers 2xx
 * or {@code timeout} passes.
 */
public record HealthSpec(String readinessPath, Duration timeout, Duration interval) {

    /** {@code /ready}, polled every second for at most 60 seconds. */
    public static final HealthSpec DEFAULT = new HealthSpec("/ready", Duration.ofSeconds(60), Duration.ofSeconds(1));
}
