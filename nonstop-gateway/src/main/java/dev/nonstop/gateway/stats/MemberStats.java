package dev.nonstop.gateway.stats;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of one member on this gateway. {@link #inFlight()} is exact at every moment: the
 * controller's drain waits for it to reach zero. Updated from event loops without locks.
 */
public final class MemberStats {
    private final String memberId;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger openConnections = new AtomicInteger();
    private final AtomicInteger upgraded = new AtomicInteger();
    private final LongAdder requests = new LongAdder();
    private final LongAdder[] responsesByClass = new LongAdder[5];
    private final LongAdder errors = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder forcedClosures = new LongAdder();
    private final AtomicInteger consecutiveConnectFailures = new AtomicInteger();
    private volatile boolean healthy = true;
    private final String app;
    private final LatencyHistogram latency = new LatencyHistogram(LATENCY_BUCKETS);

    static final Duration[] LATENCY_BUCKETS = {
        Duration.ofNanos(250_000),
        Duration.ofNanos(500_000),
        Duration.ofMillis(1),
        Duration.ofMillis(2),
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60)
    };

    MemberStats(String memberId, String app, MeterRegistry registry) {
        this.memberId = memberId;
        this.app = app;
        for (int i = 0; i < responsesByClass.length; i++) {
            responsesByClass[i] = new LongAdder();
        }
        Tags tags = Tags.of("app", app, "member", memberId);
        Gauge.builder("nonstop_gateway_member_in_flight", inFlight, AtomicInteger::get)
                .description("Requests sent to the member and not yet completed")
                .tags(tags)
                .register(registry);
        Gauge.builder("nonstop_gateway_member_open_connections", openConnections, AtomicInteger::get)
                .description("Open upstream connections to the member")
                .tags(tags)
                .register(registry);
        Gauge.builder("nonstop_gateway_member_upgraded_connections", upgraded, AtomicInteger::get)
                .tags(tags)
                .register(registry);
        Gauge.builder("nonstop_gateway_member_healthy", this, s -> s.healthy ? 1 : 0)
                .tags(tags)
                .register(registry);
        registerCounter(registry, "nonstop_gateway_member_requests", tags, requests);
        registerCounter(registry, "nonstop_gateway_member_errors", tags, errors);
        registerCounter(registry, "nonstop_gateway_member_retries", tags, retries);
        registerCounter(registry, "nonstop_gateway_member_forced_closures", tags, forcedClosures);
        for (int i = 0; i < responsesByClass.length; i++) {
            registerCounter(
                    registry,
                    "nonstop_gateway_member_responses",
                    tags.and("class", (i + 1) + "xx"),
                    responsesByClass[i]);
        }
    }

    private static void registerCounter(MeterRegistry registry, String name, Tags tags, LongAdder adder) {
        io.micrometer.core.instrument.FunctionCounter.builder(name, adder, LongAdder::sum)
                .tags(tags)
                .register(registry);
    }

    public String memberId() {
        return memberId;
    }

    public int inFlight() {
        return inFlight.get();
    }

    public int openConnections() {
        return openConnections.get();
    }

    public boolean healthy() {
        return healthy;
    }

    public void markHealthy(boolean up) {
        this.healthy = up;
        if (up) {
            consecutiveConnectFailures.set(0);
        }
    }

    // ---- called by the proxy ----

    public void requestStarted() {
        requests.increment();
        inFlight.incrementAndGet();
    }

    public void requestFinished(int status, long nanos) {
        inFlight.decrementAndGet();
        if (status >= 100 && status < 600) {
            responsesByClass[status / 100 - 1].increment();
        }
        latency.record(nanos);
    }

    /** The exchange ended without a complete response from this member. */
    public void requestFailed() {
        inFlight.decrementAndGet();
        errors.increment();
    }

    /** The client went away before the exchange ended; not the member's fault. */
    public void requestAborted() {
        inFlight.decrementAndGet();
    }

    /**
     * The exchange left this member without an answer and is tried again: on another member, or on
     * this one over another connection when a pooled connection turned out closed.
     */
    public void requestMoved() {
        inFlight.decrementAndGet();
        retries.increment();
    }

    public void connectionOpened() {
        openConnections.incrementAndGet();
    }

    public void connectionClosed() {
        openConnections.decrementAndGet();
    }

    public void upgradeStarted() {
        upgraded.incrementAndGet();
    }

    public void upgradeEnded() {
        upgraded.decrementAndGet();
    }

    public void forcedClosure() {
        forcedClosures.increment();
    }

    /** @return the number of consecutive connect failures, including this one */
    public int connectFailed() {
        return consecutiveConnectFailures.incrementAndGet();
    }

    public void connectSucceeded() {
        consecutiveConnectFailures.set(0);
    }

    public MemberStatsSnapshot snapshot() {
        long[] byClass = new long[5];
        for (int i = 0; i < byClass.length; i++) {
            byClass[i] = responsesByClass[i].sum();
        }
        return new MemberStatsSnapshot(
                memberId,
                inFlight.get(),
                openConnections.get(),
                upgraded.get(),
                requests.sum(),
                byClass[0],
                byClass[1],
                byClass[2],
                byClass[3],
                byClass[4],
                errors.sum(),
                retries.sum(),
                forcedClosures.sum(),
                healthy,
                percentileMillis(0.5),
                percentileMillis(0.99));
    }

    /**
     * The latency under which {@code quantile} of the requests completed, as the upper bound of
     * the bucket it falls in (0 before any request).
     */
    private double percentileMillis(double quantile) {
        return latency.percentileMillis(quantile);
    }

    /** This member's point of the {@code nonstop_gateway_member_latency_seconds} histogram. */
    io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot latencyPoint() {
        return latency.dataPoint(io.prometheus.metrics.model.snapshots.Labels.of("app", app, "member", memberId));
    }
}
