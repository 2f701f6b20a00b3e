package dev.nonstop.controller.release.spec;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The analysis that gates each step of a gray release, on the gateways' counters of the green group over the step's
 * window (the counters at the step's end minus those at its start, merged over every gateway).
 *
 * @param maxErrorRatio green's failed responses (5xx and gateway errors) over its requests must stay at or below it;
 *     empty: not checked
 * @param maxP99 green's 99th percentile latency must stay at or below it; empty: not checked
 * @param minRequests green must have served at least this many requests in the window for the gate to judge; fewer
 *     fails the gate as inconclusive
 * @param compareWithBlue green's error ratio must also stay at or below blue's over the same window plus {@code
 *     maxErrorRatio} (when blue has traffic), and its p99 at or below twice blue's (when both have traffic)
 * @param prometheus a Prometheus query whose value at the step's end must stay at or below its maximum; empty: none
 */
public record GateSpec(
        OptionalDouble maxErrorRatio,
        Optional<Duration> maxP99,
        long minRequests,
        boolean compareWithBlue,
        Optional<PrometheusCheck> prometheus) {

    /** At most 1% errors, no latency threshold, no minimum traffic, not compared with blue. */
    public static final GateSpec DEFAULT = new GateSpec(OptionalDouble.of(0.01), Optional.empty(), 0, false);

    public GateSpec {
        maxErrorRatio = maxErrorRatio == null ? OptionalDouble.empty() : maxErrorRatio;
        maxP99 = maxP99 == null ? Optional.empty() : maxP99;
        prometheus = prometheus == null ? Optional.empty() : prometheus;
    }

    /** A gate on the gateways' counters only, without a Prometheus query. */
    public GateSpec(
            OptionalDouble maxErrorRatio, Optional<Duration> maxP99, long minRequests, boolean compareWithBlue) {
        this(maxErrorRatio, maxP99, minRequests, compareWithBlue, Optional.empty());
    }

    /** This gate with {@code check} as its Prometheus query (empty: none). */
    public GateSpec withPrometheus(Optional<PrometheusCheck> check) {
        return new GateSpec(maxErrorRatio, maxP99, minRequests, compareWithBlue, check);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        maxErrorRatio.ifPresent(r -> b.append("error ratio <= ").append(r));
        maxP99.ifPresent(p -> b.append(b.isEmpty() ? "" : ", ")
                .append("p99 <= ")
                .append(p.toMillis())
                .append(" ms"));
        if (minRequests > 0) {
            b.append(b.isEmpty() ? "" : ", ").append(">= ").append(minRequests).append(" requests");
        }
        if (compareWithBlue) {
            b.append(b.isEmpty() ? "" : ", ").append("compared with blue");
        }
        prometheus.ifPresent(p -> b.append(b.isEmpty() ? "" : ", ").append(p));
        return b.isEmpty() ? "no thresholds" : b.toString();
    }
}
