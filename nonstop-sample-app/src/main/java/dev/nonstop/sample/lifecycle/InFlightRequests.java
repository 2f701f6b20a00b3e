package dev.nonstop.sample.lifecycle;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application requests in progress: incremented when the router starts one, decremented once
 * its response has been written completely.
 */
public final class InFlightRequests {

    private final AtomicInteger count = new AtomicInteger();

    public void started() {
        count.incrementAndGet();
    }

    public void finished() {
        count.decrementAndGet();
    }

    public int count() {
        return count.get();
    }
}
