package dev.nonstop.testing.load;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The counters of one run, updated by every worker. Thread-safe. */
final class Tally {
    private final LongAdder sent = new LongAdder();
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder connectionsOpened = new LongAdder();
    private final Map<FailureReason, LongAdder> failures = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> succeededByRequest = new ConcurrentHashMap<>();
    private final Queue<FailedRequest> failedRequests = new ConcurrentLinkedQueue<>();
    private final AtomicInteger failedKept = new AtomicInteger();
    private final LatencyHistogram latency = new LatencyHistogram();
    private final OutcomeListener listener;

    Tally(OutcomeListener listener) {
        this.listener = listener;
    }

    void sent() {
        sent.increment();
    }

    void connectionOpened() {
        connectionsOpened.increment();
    }

    void response(String requestId, RequestSpec request, int status, long nanos) {
        listener.outcome(System.nanoTime(), nanos, status < 400);
        latency.record(nanos / 1_000);
        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
        if (status < 400) {
            succeededByRequest
                    .computeIfAbsent(request.label(), s -> new LongAdder())
                    .increment();
            succeeded.increment();
        } else {
            failure(requestId, request, FailureReason.ERROR_STATUS, Integer.toString(status));
        }
    }

    void failure(String requestId, RequestSpec request, FailureReason reason, String detail) {
        if (reason != FailureReason.ERROR_STATUS) {
            listener.outcome(System.nanoTime(), -1, false);
        }
        if (failedKept.getAndIncrement() < Report.MAX_FAILED_KEPT) {
            failedRequests.add(new FailedRequest(requestId, request.label(), reason, detail));
        }
        failures.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    Report report(Duration elapsed, boolean complete) {
        // Outcomes first, then sent: a request counted as done is always counted as sent.
        Map<FailureReason, Long> failureCounts = new EnumMap<>(FailureReason.class);
        failures.forEach((reason, count) -> failureCounts.put(reason, count.sum()));
        long ok = succeeded.sum();
        Map<Integer, Long> statusCounts = new HashMap<>();
        statuses.forEach((status, count) -> statusCounts.put(status, count.sum()));
        Map<String, Long> byRequest = new HashMap<>();
        succeededByRequest.forEach((label, count) -> byRequest.put(label, count.sum()));
        return new Report(
                sent.sum(),
                ok,
                failureCounts,
                statusCounts,
                byRequest,
                failedRequests.stream().toList(),
                connectionsOpened.sum(),
                latency.summary(),
                elapsed,
                complete);
    }
}
