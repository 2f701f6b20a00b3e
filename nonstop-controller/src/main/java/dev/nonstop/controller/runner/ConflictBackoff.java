package dev.nonstop.controller.runner;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before trying again an optimistic routing-table edit that lost to another
 * change: exponential with full jitter, a random pause between zero and {@code base × 2^(n-1)}
 * after the n-th conflict, at most {@code cap}. Editors that collided once (two controllers, an
 * operator's script) then do not collide again in step.
 */
record ConflictBackoff(int attempts, Duration base, Duration cap) {

    /** 8 attempts, pauses drawn up to 20 ms, 40 ms, ... 500 ms: at most about 1.6 s of pauses in all. */
    static final ConflictBackoff TABLE_EDITS = new ConflictBackoff(8, Duration.ofMillis(20), Duration.ofMillis(500));

    ConflictBackoff {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts: " + attempts + " (expected: >= 1)");
        }
        if (base == null || base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("base: " + base + " (expected: > 0)");
        }
        if (cap == null || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("cap: " + cap + " (expected: >= base " + base + ")");
        }
    }

    /**
     * The pause after the {@code conflicts}-th conflict in a row.
     *
     * @param random a value in [0, 1): the share of the bound to wait
     */
    Duration delay(int conflicts, DoubleSupplier random) {
        if (conflicts < 1) {
            throw new IllegalArgumentException("conflicts: " + conflicts + " (expected: >= 1)");
        }
        long capNanos = cap.toNanos();
        long bound = base.toNanos();
        for (int i = 1; i < conflicts && bound < capNanos; i++) {
            bound *= 2;
        }
        bound = Math.min(bound, capNanos);
        double share = random.getAsDouble();
        if (!(share >= 0 && share < 1)) {
            throw new IllegalArgumentException("random: " + share + " (expected: in [0, 1))");
        }
        return Duration.ofNanos((long) (bound * share));
    }
}
