package dev.nonstop.testing.load;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fixed-size, thread-safe histogram of microsecond values with log-linear buckets: values below
 * 32 have a bucket each, above that every power of two is split into 32 buckets, so a bucket is at
 * most 1/32 (about 3%) wide relative to its values. About 1900 counters cover every {@code long}.
 */
final class LatencyHistogram {
    private static final int SUB_BITS = 5;
    private static final int SUB_COUNT = 1 << SUB_BITS;
    private static final int BUCKETS = SUB_COUNT + (63 - SUB_BITS) * SUB_COUNT;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final LongAdder total = new LongAdder();
    private final LongAdder sum = new LongAdder();
    private final AtomicLong max = new AtomicLong();

    void record(long micros) {
        long value = Math.max(0, micros);
        counts.incrementAndGet(bucket(value));
        total.increment();
        sum.add(value);
        max.accumulateAndGet(value, Math::max);
    }

    long count() {
        return total.sum();
    }

    long maxMicros() {
        return max.get();
    }

    /** The smallest bucket upper bound below which at least {@code quantile} of the values fall. */
    long percentileMicros(double quantile) {
        long[] snapshot = new long[BUCKETS];
        long n = 0;
        for (int i = 0; i < BUCKETS; i++) {
            snapshot[i] = counts.get(i);
            n += snapshot[i];
        }
        if (n == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * n));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += snapshot[i];
            if (seen >= rank) {
                return Math.min(upperBound(i), max.get());
            }
        }
        return max.get();
    }

    LatencySummary summary() {
        long n = total.sum();
        if (n == 0) {
            return LatencySummary.EMPTY;
        }
        return new LatencySummary(
                n,
                micros(sum.sum() / n),
                micros(percentileMicros(0.50)),
                micros(percentileMicros(0.90)),
                micros(percentileMicros(0.99)),
                micros(max.get()));
    }

    static int bucket(long value) {
        if (value < SUB_COUNT) {
            return (int) value;
        }
        int magnitude = 63 - Long.numberOfLeadingZeros(value); // >= SUB_BITS
        int shift = magnitude - SUB_BITS;
        int sub = (int) (value >>> shift) - SUB_COUNT; // 0..SUB_COUNT-1
        return SUB_COUNT + shift * SUB_COUNT + sub;
    }

    static long upperBound(int bucket) {
        if (bucket < SUB_COUNT) {
            return bucket;
        }
        int shift = (bucket - SUB_COUNT) / SUB_COUNT;
        long sub = (bucket - SUB_COUNT) % SUB_COUNT;
        long lower = (SUB_COUNT + sub) << shift;
        return lower + (1L << shift) - 1;
    }

    private static Duration micros(long micros) {
        return Duration.ofNanos(micros * 1_000);
    }
}
