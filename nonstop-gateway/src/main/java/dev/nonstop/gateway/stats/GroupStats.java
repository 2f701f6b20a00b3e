package dev.nonstop.gateway.stats;

import dev.nonstop.gateway.contract.client.GroupCounters;
import dev.nonstop.gateway.contract.client.LatencyHistogram;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of one group of an app on this gateway, cumulative since it started: requests that
 * ended with a response or a failure, 5xx responses, failures without a response, latency in the
 * contract's fixed buckets ({@link LatencyHistogram#BOUNDS}), pin cookies set, and an estimate of the
 * distinct users seen in the last 5 minutes. Updated from event loops without locks.
 *
 * <p>Active users: one HyperLogLog sketch (1,024 one-byte registers, about 3% standard error) per
 * minute, six kept in a ring; the estimate merges the current minute and the four before (a window
 * of 4 to 5 minutes). Memory is fixed (6 KiB per group). A register update races benignly with
 * another loop's (both only raise it) and a minute's reset with a late write to it, which at worst
 * loses one user from the estimate.
 */
public final class GroupStats {
    private static final int REGISTER_BITS = 10;
    private static final int REGISTERS = 1 << REGISTER_BITS;
    private static final int SLOTS = 6;
    private static final int WINDOW_MINUTES = 5;
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final String app;
    private final String group;
    private volatile String version;
    private final LongAdder requests = new LongAdder();
    private final LongAdder responses5xx = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder pinned = new LongAdder();
    private final LongAdder[] latency = new LongAdder[LatencyHistogram.SIZE];
    private final LongAdder latencySumNanos = new LongAdder();
    private final byte[][] sketches = new byte[SLOTS][REGISTERS];
    private final long[] sketchMinute = new long[SLOTS];
    private final long originNanos;

    GroupStats(String app, String group, String version, MeterRegistry registry, long originNanos) {
        this.app = app;
        this.group = group;
        this.version = version;
        this.originNanos = originNanos;
        for (int i = 0; i < latency.length; i++) {
            latency[i] = new LongAdder();
        }
        java.util.Arrays.fill(sketchMinute, -1);
        Tags tags = Tags.of("app", app, "group", group);
        counter(
                registry,
                "nonstop_gateway_group_requests",
                "Requests that ended with a response or a failure",
                tags,
                requests);
        counter(registry, "nonstop_gateway_group_responses_5xx", "Responses with a 5xx status", tags, responses5xx);
        counter(registry, "nonstop_gateway_group_errors", "Requests that failed without a response", tags, errors);
        counter(registry, "nonstop_gateway_group_users_pinned", "Pin cookies set for the group", tags, pinned);
        Gauge.builder("nonstop_gateway_group_active_users", this, GroupStats::activeUsers)
                .description("Distinct users seen on the group in the last 5 minutes (estimate)")
                .tags(tags)
                .register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String help, Tags tags, LongAdder adder) {
        FunctionCounter.builder(name, adder, LongAdder::sum)
                .description(help)
                .tags(tags)
                .register(registry);
    }

    public String app() {
        return app;
    }

    public String group() {
        return group;
    }

    /** The group's version in the table in force, updated when a table is put in force. */
    public void version(String newVersion) {
        this.version = newVersion;
    }

    // ---- called by the proxy ----

    /** A response came back with {@code status}, {@code nanos} after the request head arrived. */
    public void finished(int status, long nanos) {
        requests.increment();
        if (status >= 500 && status < 600) {
            responses5xx.increment();
        }
        latency[LatencyHistogram.bucketIndex(Math.max(0, nanos))].increment();
        latencySumNanos.add(Math.max(0, nanos));
    }

    /** The request failed without a response from a member of the group. */
    public void failed() {
        requests.increment();
        errors.increment();
    }

    /** A pin cookie naming this group was set on a response. */
    public void pinIssued() {
        pinned.increment();
    }

    /** A user, identified by a 32-bit hash of their key, was seen on this group at {@code nowNanos}. */
    public void userSeen(int userHash, long nowNanos) {
        long minute = (nowNanos - originNanos) / MINUTE_NANOS;
        int slot = (int) (minute % SLOTS);
        byte[] registers = sketches[slot];
        if (sketchMinute[slot] != minute) {
            synchronized (registers) {
                if (sketchMinute[slot] != minute) {
                    java.util.Arrays.fill(registers, (byte) 0);
                    sketchMinute[slot] = minute;
                }
            }
        }
        int hash = mix(userHash);
        int index = hash >>> (32 - REGISTER_BITS);
        int rank =
                Math.min(Integer.numberOfLeadingZeros((hash << REGISTER_BITS) | (1 << (REGISTER_BITS - 1))) + 1, 127);
        if (registers[index] < rank) {
            registers[index] = (byte) rank;
        }
    }

    private static int mix(int h) {
        // The key hash is murmur3 already; one more finalizer round spreads short keys' hashes.
        h ^= h >>> 16;
        h *= 0x7feb352d;
        h ^= h >>> 15;
        h *= 0x846ca68b;
        h ^= h >>> 16;
        return h;
    }

    /** Distinct users seen in the last 5 minutes (HyperLogLog estimate with small-range correction). */
    public long activeUsers() {
        return activeUsers(System.nanoTime());
    }

    long activeUsers(long nowNanos) {
        long minute = (nowNanos - originNanos) / MINUTE_NANOS;
        int[] merged = new int[REGISTERS];
        boolean any = false;
        for (int s = 0; s < SLOTS; s++) {
            long m = sketchMinute[s];
            if (m < 0 || m > minute || minute - m >= WINDOW_MINUTES) {
                continue;
            }
            any = true;
            byte[] registers = sketches[s];
            for (int i = 0; i < REGISTERS; i++) {
                merged[i] = Math.max(merged[i], registers[i]);
            }
        }
        if (!any) {
            return 0;
        }
        double sum = 0;
        int zeros = 0;
        for (int r : merged) {
            sum += Math.scalb(1.0, -r);
            if (r == 0) {
                zeros++;
            }
        }
        double alpha = 0.7213 / (1 + 1.079 / REGISTERS);
        double estimate = alpha * REGISTERS * REGISTERS / sum;
        if (estimate <= 2.5 * REGISTERS && zeros > 0) {
            estimate = REGISTERS * Math.log((double) REGISTERS / zeros);
        }
        return Math.round(estimate);
    }

    public LatencyHistogram latency() {
        long[] counts = new long[latency.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = latency[i].sum();
        }
        return LatencyHistogram.of(counts);
    }

    public GroupCounters counters() {
        return new GroupCounters(
                group,
                version,
                requests.sum(),
                responses5xx.sum(),
                errors.sum(),
                latency(),
                pinned.sum(),
                activeUsers());
    }

    /** This group's point of the {@code nonstop_gateway_group_latency_seconds} histogram. */
    HistogramDataPointSnapshot latencyPoint() {
        double[] upperBounds = new double[latency.length];
        long[] counts = new long[latency.length];
        for (int i = 0; i < latency.length; i++) {
            upperBounds[i] = i < LatencyHistogram.BOUNDS.size()
                    ? LatencyHistogram.BOUNDS.get(i).toNanos() / 1e9
                    : Double.POSITIVE_INFINITY;
            counts[i] = latency[i].sum();
        }
        return HistogramDataPointSnapshot.builder()
                .classicHistogramBuckets(ClassicHistogramBuckets.of(upperBounds, counts))
                .sum(latencySumNanos.sum() / 1e9)
                .labels(Labels.of("app", app, "group", group))
                .build();
    }
}
