package dev.nonstop.coordination.lease;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded exponential backoff between polls of a busy lock, with jitter so that waiters do not
 * poll in step.
 */
public record Backoff(Duration initial, Duration max) {

    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(10), Duration.ofMillis(200));

    public Backoff {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial: " + initial + " (expected: > 0)");
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max: " + max + " (expected: >= initial " + initial + ")");
        }
    }

    /** The wait before poll number {@code attempt + 1}: between half and all of the capped delay. */
    public Duration delay(int attempt) {
        long capped = Math.min(max.toNanos(), initial.toNanos() << Math.min(attempt, 20));
        return Duration.ofNanos(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }
}
