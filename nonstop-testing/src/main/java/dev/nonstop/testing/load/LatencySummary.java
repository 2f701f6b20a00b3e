package dev.nonstop.testing.load;

import java.time.Duration;

/**
 * Latency of the requests that got a complete response, from the first byte written to the last
 * byte read. Percentiles come from a log-bucketed histogram: each is the upper bound of its bucket
 * (at most about 3% above the true value), never above {@link #max()}, which is exact.
 */
public record LatencySummary(long count, Duration mean, Duration p50, Duration p90, Duration p99, Duration max) {

    static final LatencySummary EMPTY =
            new LatencySummary(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    @Override
    public String toString() {
        return "p50=" + millis(p50) + " p90=" + millis(p90) + " p99=" + millis(p99) + " max=" + millis(max);
    }

    static String millis(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.2fms", d.toNanos() / 1e6);
    }
}
