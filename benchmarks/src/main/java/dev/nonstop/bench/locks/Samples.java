package dev.nonstop.bench.locks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Latencies of completed operations and the time they took, over one or more rounds. */
final class Samples {

    private long[] latencies = new long[1024];
    private int count;
    private long elapsedNanos;
    private final List<Double> roundOpsPerSecond = new ArrayList<>();

    void add(long latencyNanos) {
        if (count == latencies.length) {
            latencies = Arrays.copyOf(latencies, count * 2);
        }
        latencies[count++] = latencyNanos;
    }

    /** Ends a round of {@code ops} operations that took {@code nanos}. */
    void endRound(int ops, long nanos) {
        elapsedNanos += nanos;
        roundOpsPerSecond.add(nanos == 0 ? 0 : ops * 1e9 / nanos);
    }

    List<Double> roundOpsPerSecond() {
        return roundOpsPerSecond;
    }

    int count() {
        return count;
    }

    double opsPerSecond() {
        return elapsedNanos == 0 ? 0 : count * 1e9 / elapsedNanos;
    }

    /** The latency at quantile {@code q} (nearest rank), in milliseconds. */
    double quantileMillis(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * count);
        return sorted[Math.max(0, Math.min(count - 1, rank - 1))] / 1e6;
    }
}
