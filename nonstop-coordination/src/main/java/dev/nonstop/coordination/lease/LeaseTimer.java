package dev.nonstop.coordination.lease;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The held leases of one {@link LeaseLockService}, and the one timer task that wakes them when a
 * renewal or a deadline is due: it runs at the earliest due time over all of them, instead of a
 * renewal task and a deadline task per lease.
 *
 * <p>Why one task: most leases are held for a moment (acquire, a short critical section, release).
 * With two tasks per lease, every acquire and release scheduled and cancelled them, and the timer
 * thread woke up for each cancelled task when its time came, taking CPU from the threads that carry
 * the store's round trips (about 30 µs per acquire+release on ZooKeeper, 4% of the operation). Here
 * a lease released before anything is due only joins and leaves a set; the timer is touched when a
 * lease is due before the wake already planned (in practice, when none is planned).
 *
 * <p>The timer keeps time on {@link System#nanoTime()}, the clock its executor waits on, and paces
 * renewals with it; leases measure validity and deadlines on the service's {@link
 * dev.nonstop.coordination.MonotonicClock} (the same clock in production; tests drive theirs by
 * hand while renewals keep their pace).
 *
 * <p>On each wake, every lease is asked {@link StoreLease#onTimer}; a renewal due within a 30th of
 * its ttl is started then too, so that many leases held at once share wakes (a renewal sent a little
 * early is only safer). Deadlines are never brought forward: the next wake is at the earliest next
 * renewal or deadline of any lease, and a renewal that succeeds only moves its deadline later.
 */
final class LeaseTimer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaseTimer.class);

    private static final Duration RETRY_AFTER_FAILURE = Duration.ofMillis(10);

    private final ScheduledThreadPoolExecutor timer;
    private final Set<StoreLease> leases = ConcurrentHashMap.newKeySet();

    // Guarded by this.
    private ScheduledFuture<?> wake;
    private long wakeAt;
    private long generation;

    LeaseTimer() {
        this.timer = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().daemon().name("nonstop-lease-timer").factory());
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Starts watching a lease just granted. */
    void add(StoreLease lease) {
        leases.add(lease);
        wakeBy(lease.nextDue(now()));
    }

    /** Stops watching a lease released or lost; no timer work. */
    void remove(StoreLease lease) {
        leases.remove(lease);
    }

    /** The leases held now. */
    List<StoreLease> leases() {
        return List.copyOf(leases);
    }

    /** The time on the timer's clock. */
    static long now() {
        return System.nanoTime();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private synchronized void wakeBy(long dueAt) {
        if (wake != null && wakeAt - dueAt <= 0) {
            return;
        }
        if (wake != null) {
            wake.cancel(false);
        }
        long planned = ++generation;
        try {
            wake = timer.schedule(() -> wakeUp(planned), Math.max(0, dueAt - now()), TimeUnit.NANOSECONDS);
            wakeAt = dueAt;
        } catch (RejectedExecutionException e) {
            wake = null; // the service is closing and releases every lease
        }
    }

    private void wakeUp(long planned) {
        synchronized (this) {
            if (planned != generation) {
                return; // replaced by an earlier wake while it was starting: that one does the work
            }
            wake = null;
        }
        boolean any = false;
        long next = 0;
        boolean finished = false;
        try {
            for (StoreLease lease : leases) {
                long due;
                try {
                    if (!lease.onTimer(now())) {
                        leases.remove(lease);
                        continue;
                    }
                    due = lease.nextDue(now());
                } catch (RuntimeException e) {
                    log.warn("timer of {} failed; trying again in {} ms", lease, RETRY_AFTER_FAILURE.toMillis(), e);
                    due = now() + RETRY_AFTER_FAILURE.toNanos();
                }
                if (!any || due - next < 0) {
                    next = due;
                    any = true;
                }
            }
            finished = true;
        } finally {
            if (!finished) {
                // an Error went through a lease's timer work: keep the other leases watched
                wakeBy(now() + RETRY_AFTER_FAILURE.toNanos());
            } else if (any) {
                wakeBy(next);
            }
        }
    }
}
