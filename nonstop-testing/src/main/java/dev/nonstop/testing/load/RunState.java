package dev.nonstop.testing.load;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The shared state of one run: which request comes next, whether to go on, what is open. */
final class RunState {
    private final AtomicLong sequence = new AtomicLong();
    private final long maxRequests;
    private final long deadlineNanos;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;
    private volatile boolean aborted;

    RunState(long maxRequests, long deadlineNanos) {
        this.maxRequests = maxRequests;
        this.deadlineNanos = deadlineNanos;
    }

    /** The number of the next request (from 1), or -1 when the run must not start another one. */
    long nextRequest() {
        if (stopped || System.nanoTime() - deadlineNanos >= 0) {
            return -1;
        }
        long n = sequence.incrementAndGet();
        return n <= maxRequests ? n : -1;
    }

    boolean stopping() {
        return stopped;
    }

    void stop() {
        stopped = true;
    }

    /** Stops and closes every open connection; requests in flight fail as {@link FailureReason#ABORTED}. */
    void abort() {
        aborted = true;
        stopped = true;
        open.forEach(Connection::close);
    }

    boolean aborted() {
        return aborted;
    }

    void opened(Connection connection) {
        open.add(connection);
        if (aborted) {
            connection.close();
        }
    }

    void closed(Connection connection) {
        open.remove(connection);
        connection.close();
    }
}
