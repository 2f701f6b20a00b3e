package dev.nonstop.controller.runner;

import java.time.Duration;
import java.util.Locale;

/**
 * What a gray release's gate saw over one traffic step's window: the green and blue groups' counters on every gateway
 * (the end's minus the start's, added up over the gateways), the users each group had, and the verdict.
 *
 * @param passed whether green met every threshold
 * @param reason why it failed, or {@code "met"}; names the threshold and the figure
 * @param greenRequests requests green served in the window
 * @param greenFailures of which 5xx responses or exchanges without a response
 * @param greenP99 green's 99th percentile latency (the upper bound of its histogram bucket); zero without requests
 * @param blueRequests requests blue served in the window
 * @param blueFailures of which failed
 * @param blueP99 blue's 99th percentile latency
 * @param greenUsers distinct users seen on green in the last 5 minutes (the gateways' estimate)
 * @param blueUsers distinct users seen on blue in the last 5 minutes
 * @param prometheus the gate's Prometheus query and its value ({@code prometheus QUERY = VALUE}), or null when the
 *     gate has no query or did not reach it
 */
public record GateResult(
        boolean passed,
        String reason,
        long greenRequests,
        long greenFailures,
        Duration greenP99,
        long blueRequests,
        long blueFailures,
        Duration blueP99,
        long greenUsers,
        long blueUsers,
        String prometheus) {

    /** A result without a Prometheus figure. */
    public GateResult(
            boolean passed,
            String reason,
            long greenRequests,
            long greenFailures,
            Duration greenP99,
            long blueRequests,
            long blueFailures,
            Duration blueP99,
            long greenUsers,
            long blueUsers) {
        this(
                passed,
                reason,
                greenRequests,
                greenFailures,
                greenP99,
                blueRequests,
                blueFailures,
                blueP99,
                greenUsers,
                blueUsers,
                null);
    }

    /** Green's failures per request; 0 without requests. */
    public double greenErrorRatio() {
        return greenRequests == 0 ? 0 : (double) greenFailures / greenRequests;
    }

    /** Blue's failures per request; 0 without requests. */
    public double blueErrorRatio() {
        return blueRequests == 0 ? 0 : (double) blueFailures / blueRequests;
    }

    /** Green's share of the users seen on either group, 0 to 100; 0 when none was seen. */
    public double greenUserPercent() {
        long all = greenUsers + blueUsers;
        return all == 0 ? 0 : 100.0 * greenUsers / all;
    }

    /** The figures in one line, for the step log and the events. */
    public String figures() {
        return counterFigures() + (prometheus == null ? "" : "; " + prometheus);
    }

    private String counterFigures() {
        return String.format(
                Locale.ROOT,
                "green %d requests, %d failed (%.4f), p99 %d ms; blue %d requests, %d failed (%.4f), p99 %d ms;"
                        + " users green %d, blue %d (green %.1f%%)",
                greenRequests,
                greenFailures,
                greenErrorRatio(),
                greenP99.toMillis(),
                blueRequests,
                blueFailures,
                blueErrorRatio(),
                blueP99.toMillis(),
                greenUsers,
                blueUsers,
                greenUserPercent());
    }

    @Override
    public String toString() {
        return (passed ? "passed" : "failed: " + reason) + " (" + figures() + ")";
    }
}
