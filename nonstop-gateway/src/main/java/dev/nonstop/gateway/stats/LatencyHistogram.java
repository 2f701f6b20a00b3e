package dev.nonstop.gateway.stats;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Duration;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * A member's latency histogram with fixed buckets: a few comparisons and two striped adds per
 * request, read as a Prometheus classic histogram and as percentiles for the admin API. It takes
 * the place of a Micrometer {@code Timer}, whose time-windowed max and per-record bookkeeping cost
 * about 4% of the gateway's CPU under load.
 */
final class LatencyHistogram {
    private final long[] boundsNanos;
    private final LongAdder[] counts; // one per bound, and the last for +Inf
    private final LongAdder sumNanos = new LongAdder();
    private final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);

    LatencyHistogram(Duration[] bounds) {
        boundsNanos = new long[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
            boundsNanos[i] = bounds[i].toNanos();
            if (i > 0 && boundsNanos[i] <= boundsNanos[i - 1]) {
                throw new IllegalArgumentException("bounds[" + i + "]: " + bounds[i] + " (expected: increasing)");
            }
        }
        counts = new LongAdder[bounds.length + 1];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    void record(long nanos) {
        long value = Math.max(0, nanos);
        int i = 0;
        while (i < boundsNanos.length && value > boundsNanos[i]) {
            i++;
        }
        counts[i].increment();
        sumNanos.add(value);
        maxNanos.accumulate(value);
    }

    long count() {
        long total = 0;
        for (LongAdder c : counts) {
            total += c.sum();
        }
        return total;
    }

    /**
     * The latency under which {@code quantile} of the requests completed, as the upper bound of the
     * bucket it falls in (the largest latency seen when it is past the last bound; 0 before any).
     */
    double percentileMillis(double quantile) {
        long[] snapshot = new long[counts.length];
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            snapshot[i] = counts[i].sum();
            total += snapshot[i];
        }
        if (total == 0) {
            return 0;
        }
        double rank = quantile * total;
        long cumulative = 0;
        for (int i = 0; i < boundsNanos.length; i++) {
            cumulative += snapshot[i];
            if (cumulative >= rank) {
                return boundsNanos[i] / 1e6;
            }
        }
        return maxNanos.get() / 1e6;
    }

    /** The Prometheus data point: bucket counts with upper bounds in seconds, and the sum. */
    HistogramDataPointSnapshot dataPoint(Labels labels) {
        double[] upperBounds = new double[counts.length];
        long[] bucketCounts = new long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            upperBounds[i] = i < boundsNanos.length ? boundsNanos[i] / 1e9 : Double.POSITIVE_INFINITY;
            bucketCounts[i] = counts[i].sum();
        }
        return HistogramDataPointSnapshot.builder()
                .classicHistogramBuckets(ClassicHistogramBuckets.of(upperBounds, bucketCounts))
                .sum(sumNanos.sum() / 1e9)
                .labels(labels)
                .build();
    }
}
