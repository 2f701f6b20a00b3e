package dev.nonstop.bench.locks;

import java.time.Duration;

/** Uncontended acquire+release on one thread, on one lock name, bounded by count and by time. */
final class Uncontended {

    /** How long one acquire may wait; the lock is free, so only a broken store waits this long. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(5);

    private Uncontended() {}

    /** Runs at most {@code iterations} acquire+release pairs, for at most {@code maxTime}. */
    static void run(LockClient client, String name, int iterations, Duration maxTime, Samples into)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + maxTime.toNanos();
        long now = start;
        int ops = 0;
        for (; ops < iterations && now < deadline; ops++) {
            long before = now;
            client.acquire(name, MAX_WAIT).close();
            now = System.nanoTime();
            if (into != null) {
                into.add(now - before);
            }
        }
        if (into != null) {
            into.endRound(ops, now - start);
        }
    }
}
