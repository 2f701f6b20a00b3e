package dev.nonstop.gateway.contract.client;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An immutable latency histogram with fixed bucket upper bounds, the same on every gateway
 * ({@link #BOUNDS}), so that snapshots subtract ({@link #minus}) and several gateways' histograms
 * add up ({@link #merge}). {@code counts()[i]} counts latencies in {@code (BOUNDS[i-1], BOUNDS[i]]};
 * the last count is the overflow, above the last bound.
 */
public final class LatencyHistogram {
    /** Bucket upper bounds, increasing: 0.25 ms to 60 s, dense around common p99 thresholds. */
    public static final List<Duration> BOUNDS = List.of(
            Duration.ofNanos(250_000),
            Duration.ofNanos(500_000),
            Duration.ofMillis(1),
            Duration.ofMillis(2),
            Duration.ofMillis(3),
            Duration.ofMillis(5),
            Duration.ofMillis(7),
            Duration.ofMillis(10),
            Duration.ofMillis(15),
            Duration.ofMillis(20),
            Duration.ofMillis(25),
            Duration.ofMillis(30),
            Duration.ofMillis(40),
            Duration.ofMillis(50),
            Duration.ofMillis(75),
            Duration.ofMillis(100),
            Duration.ofMillis(150),
            Duration.ofMillis(200),
            Duration.ofMillis(250),
            Duration.ofMillis(300),
            Duration.ofMillis(400),
            Duration.ofMillis(500),
            Duration.ofMillis(750),
            Duration.ofSeconds(1),
            Duration.ofMillis(1500),
            Duration.ofSeconds(2),
            Duration.ofSeconds(3),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            Duration.ofSeconds(60));

    private static final long[] BOUNDS_NANOS =
            BOUNDS.stream().mapToLong(Duration::toNanos).toArray();

    /** The number of counts: one per bound plus the overflow. */
    public static final int SIZE = BOUNDS.size() + 1;

    private static final LatencyHistogram EMPTY = new LatencyHistogram(new long[SIZE]);

    private final long[] counts;

    private LatencyHistogram(long[] counts) {
        this.counts = counts;
    }

    /** A histogram with no latency. */
    public static LatencyHistogram empty() {
        return EMPTY;
    }

    /**
     * @param counts {@link #SIZE} counts, none negative
     * @throws IllegalArgumentException naming what is wrong
     */
    public static LatencyHistogram of(long[] counts) {
        Objects.requireNonNull(counts, "counts");
        if (counts.length != SIZE) {
            throw new IllegalArgumentException(
                    "counts: " + counts.length + " counts (expected: " + SIZE + ", one per bound and the overflow)");
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw new IllegalArgumentException("counts[" + i + "]: " + counts[i] + " (expected: >= 0)");
            }
        }
        return new LatencyHistogram(counts.clone());
    }

    /** The index of the bucket a latency of {@code nanos} falls in. */
    public static int bucketIndex(long nanos) {
        int i = 0;
        while (i < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[i]) {
            i++;
        }
        return i;
    }

    /** A copy of the counts, {@link #SIZE} long. */
    public long[] counts() {
        return counts.clone();
    }

    /** The number of latencies recorded. */
    public long count() {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }

    /**
     * What was recorded since {@code earlier} (a snapshot of the same counters taken before this one). A
     * count that went down (the gateway restarted in between) counts as starting from zero.
     */
    public LatencyHistogram minus(LatencyHistogram earlier) {
        long[] out = new long[SIZE];
        for (int i = 0; i < SIZE; i++) {
            long d = counts[i] - earlier.counts[i];
            out[i] = d >= 0 ? d : counts[i];
        }
        return new LatencyHistogram(out);
    }

    /** The sum of several histograms (e.g. one group's on several gateways). */
    public static LatencyHistogram merge(List<LatencyHistogram> histograms) {
        long[] out = new long[SIZE];
        for (LatencyHistogram h : histograms) {
            for (int i = 0; i < SIZE; i++) {
                out[i] += h.counts[i];
            }
        }
        return new LatencyHistogram(out);
    }

    /**
     * The latency under which a share {@code q} (0..1) of the recorded latencies fall, as the upper
     * bound of the bucket holding it (so never below the true value, up to one bucket above). {@link
     * Duration#ZERO} when nothing was recorded; the last bound (60 s) when it falls in the overflow.
     */
    public Duration quantile(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("q: " + q + " (expected: 0-1)");
        }
        long total = count();
        if (total == 0) {
            return Duration.ZERO;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long cumulative = 0;
        for (int i = 0; i < BOUNDS_NANOS.length; i++) {
            cumulative += counts[i];
            if (cumulative >= rank) {
                return BOUNDS.get(i);
            }
        }
        return BOUNDS.get(BOUNDS.size() - 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatencyHistogram h && Arrays.equals(h.counts, counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "LatencyHistogram[count=" + count() + ", p50=" + quantile(0.5) + ", p99=" + quantile(0.99) + "]";
    }
}
