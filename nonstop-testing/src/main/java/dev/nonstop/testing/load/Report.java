package dev.nonstop.testing.load;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a load run did. When {@link #complete()}, every request sent has exactly one outcome:
 * {@code sent() == succeeded() + failed()}.
 *
 * @param sent requests started (each got a request id), including those whose connection failed
 * @param succeeded requests answered with a complete 2xx or 3xx response
 * @param failures failed requests by reason; {@link FailureReason#ERROR_STATUS} counts complete
 *     responses with a 4xx or 5xx status
 * @param statusCounts complete responses by status, all statuses
 * @param succeededByRequest succeeded requests by {@link RequestSpec#label()}
 * @param failedRequests the first {@value #MAX_FAILED_KEPT} failed requests, with their ids
 * @param connectionsOpened connections opened (the first of each worker, then reopenings)
 * @param latency latency of the requests that got a complete response (any status)
 * @param elapsed time from the start to the end of the run (or to now, while it runs)
 * @param complete whether the run had ended when this report was made
 */
public record Report(
        long sent,
        long succeeded,
        Map<FailureReason, Long> failures,
        Map<Integer, Long> statusCounts,
        Map<String, Long> succeededByRequest,
        List<FailedRequest> failedRequests,
        long connectionsOpened,
        LatencySummary latency,
        Duration elapsed,
        boolean complete) {

    /** How many failed requests a report lists individually. */
    public static final int MAX_FAILED_KEPT = 1000;

    public Report {
        failures = Map.copyOf(Objects.requireNonNull(failures, "failures"));
        statusCounts = Map.copyOf(Objects.requireNonNull(statusCounts, "statusCounts"));
        succeededByRequest = Map.copyOf(Objects.requireNonNull(succeededByRequest, "succeededByRequest"));
        failedRequests = List.copyOf(Objects.requireNonNull(failedRequests, "failedRequests"));
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** All failed requests, whatever the reason. */
    public long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Failed requests with this reason. */
    public long failed(FailureReason reason) {
        return failures.getOrDefault(reason, 0L);
    }

    /** Complete responses with this status. */
    public long status(int status) {
        return statusCounts.getOrDefault(status, 0L);
    }

    /** Succeeded requests of this kind. */
    public long succeeded(RequestSpec request) {
        return succeededByRequest.getOrDefault(request.label(), 0L);
    }

    /** Requests sent that have no outcome yet (0 once complete). */
    public long inFlight() {
        return sent - succeeded - failed();
    }

    /** Outcomes per second of elapsed time. */
    public double requestsPerSecond() {
        long nanos = elapsed.toNanos();
        return nanos == 0 ? 0 : (succeeded + failed()) * 1e9 / nanos;
    }

    /** One line: counts, rate and latency. */
    public String summary() {
        return String.format(
                Locale.ROOT,
                "sent=%d succeeded=%d failed=%d rps=%.0f %s connections=%d elapsed=%.1fs%s",
                sent,
                succeeded,
                failed(),
                requestsPerSecond(),
                latency,
                connectionsOpened,
                elapsed.toMillis() / 1000.0,
                failures.isEmpty() ? "" : " failures=" + new java.util.TreeMap<>(failures));
    }

    /** The summary, statuses, failures by reason and the failed requests: for assertion messages. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(summary());
        text.append(complete ? "" : " (still running)")
                .append("\n  statuses: ")
                .append(new java.util.TreeMap<>(statusCounts))
                .append("\n  succeeded by request: ")
                .append(new java.util.TreeMap<>(succeededByRequest));
        if (!failedRequests.isEmpty()) {
            text.append("\n  failed requests")
                    .append(failedRequests.size() < failed() ? " (first " + failedRequests.size() + ")" : "")
                    .append(':');
            failedRequests.stream().limit(50).forEach(f -> text.append("\n    ").append(f));
            if (failedRequests.size() > 50) {
                text.append("\n    ...");
            }
        }
        return text.toString();
    }
}
