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
 */
public record GateSpec(
        OptionalDouble maxErrorRatio, Optional<Duration> maxP99, long minRequests, boolean compareWithBlue) {

    /** At most 1% errors, no latency threshold, no minimum traffic, not compared with blue. */
    public static final GateSpec DEFAULT = new GateSpec(OptionalDouble.of(0.01), Optional.empty(), 0, false);

    public GateSpec {
        maxErrorRatio = maxErrorRatio == null ? OptionalDouble.empty() : maxErrorRatio;
        maxP99 = maxP99 == null ? Optional.empty() : maxP99;
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
        return b.isEmpty() ? "no thresholds" : b.toString();
    }
}
