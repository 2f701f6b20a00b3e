package dev.nonstop.testing.load;

/**
 * Told the outcome of every request as it ends, on the worker's thread: for timelines and for statistics over a
 * window of the run (such as the time a release takes). It must be quick and thread-safe; it must not throw.
 */
@FunctionalInterface
public interface OutcomeListener {
    /**
     * @param endNanos when the request ended, on {@link System#nanoTime()}
     * @param latencyNanos first byte written to last byte read; -1 when the request failed before a response
     * @param succeeded a complete 2xx or 3xx response
     */
    void outcome(long endNanos, long latencyNanos, boolean succeeded);

    OutcomeListener NONE = (endNanos, latencyNanos, succeeded) -> {};
}
