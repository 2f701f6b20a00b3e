package dev.nonstop.coordination.lease;

import dev.nonstop.coordination.CoordinationStoreException;
import dev.nonstop.coordination.Lease;
import dev.nonstop.coordination.LockAcquisitionTimeoutException;
import dev.nonstop.coordination.LockService;
import dev.nonstop.coordination.MonotonicClock;
import dev.nonstop.coordination.spi.LeaseAttempt;
import dev.nonstop.coordination.spi.LeaseGrant;
import dev.nonstop.coordination.spi.LeaseStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link LockService} over any {@link LeaseStore}. Owns the store: closing the service releases
 * every held lease, then closes the store.
 */
public final class LeaseLockService implements LockService {

    private final LeaseStore store;
    private final MonotonicClock clock;
    private final Backoff backoff;
    private final boolean fair;
    private final LeaseTimer timer;
    private final ExecutorService workers;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LeaseLockService(Builder builder) {
        this.store = builder.store;
        this.clock = builder.clock;
        this.backoff = builder.backoff;
        this.fair = builder.fair;
        this.timer = new LeaseTimer();
        this.workers = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("nonstop-lease-", 0).factory());
    }

    public static Builder builder(LeaseStore store) {
        return new Builder(store);
    }

    @Override
    public Lease acquire(String name, Duration ttl, Duration maxWait) throws InterruptedException {
        validate(name, ttl);
        if (maxWait == null || maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait: " + maxWait + " (expected: >= 0)");
        }
        long deadline = clock.nanoTime() + maxWait.toNanos();
        try (LeaseAttempt attempt = store.begin(name, newLeaseId(), ttl, fair)) {
            CoordinationStoreException lastFailure = null;
            for (int polls = 0; ; polls++) {
                ensureOpen();
                long sent = clock.nanoTime();
                try {
                    Optional<LeaseGrant> grant = attempt.poll();
                    if (grant.isPresent()) {
                        return hold(grant.get(), ttl, sent);
                    }
                    lastFailure = null;
                } catch (CoordinationStoreException e) {
                    lastFailure = e; // a store that blips is retried until maxWait, like a busy lock
                }
                long remaining = deadline - clock.nanoTime();
                if (remaining <= 0) {
                    if (lastFailure != null) {
                        throw lastFailure;
                    }
                    throw new LockAcquisitionTimeoutException(name, maxWait);
                }
                // In a line, the front looks again soon (the holder may release any moment and nobody
                // else may take the lock meanwhile); places further back, less often.
                int ahead = attempt.waitersAhead();
                Duration wait = backoff.delay(ahead >= 0 ? ahead : polls);
                attempt.awaitChange(wait.toNanos() < remaining ? wait : Duration.ofNanos(remaining));
            }
        }
    }

    @Override
    public Optional<Lease> tryAcquire(String name, Duration ttl) {
        validate(name, ttl);
        ensureOpen();
        try (LeaseAttempt attempt = store.begin(name, newLeaseId(), ttl, fair)) {
            long sent = clock.nanoTime();
            return attempt.poll().map(grant -> hold(grant, ttl, sent));
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<RuntimeException> failures = new ArrayList<>();
        for (StoreLease lease : timer.leases()) {
            try {
                lease.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        timer.close();
        workers.shutdown();
        store.close();
        if (!failures.isEmpty()) {
            CoordinationStoreException e = new CoordinationStoreException(
                    failures.size() + " lease(s) could not be released; they expire after their ttl");
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    private Lease hold(LeaseGrant grant, Duration ttl, long sentNanos) {
        StoreLease lease = new StoreLease(grant, ttl, sentNanos, this);
        timer.add(lease);
        if (closed.get()) {
            lease.close();
            throw new IllegalStateException("lock service is closed");
        }
        return lease;
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("lock service is closed");
        }
    }

    private static void validate(String name, Duration ttl) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("name: " + name + " (expected: 1 to 200 characters)");
        }
        if (ttl == null || ttl.toMillis() < 100) {
            throw new IllegalArgumentException("ttl: " + ttl + " (expected: >= PT0.1S)");
        }
    }

    private static String newLeaseId() {
        return UUID.randomUUID().toString();
    }

    LeaseStore store() {
        return store;
    }

    MonotonicClock clock() {
        return clock;
    }

    ExecutorService workers() {
        return workers;
    }

    void forget(StoreLease lease) {
        timer.remove(lease);
    }

    /** Settings of a {@link LeaseLockService}. */
    public static final class Builder {
        private final LeaseStore store;
        private MonotonicClock clock = MonotonicClock.system();
        private Backoff backoff = Backoff.DEFAULT;
        private boolean fair = true;

        private Builder(LeaseStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /** The clock that lease validity is measured with. Default: {@link System#nanoTime()}. */
        public Builder clock(MonotonicClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The backoff between polls of a busy lock. Default: 10 ms doubling up to 200 ms. */
        public Builder backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /**
         * Whether locks are granted in arrival order. Default: true.
         *
         * <p>Fair: an acquire queues behind the acquires that have waited longer and takes the lock
         * only when it is first in line; {@code tryAcquire} fails while anybody waits. A waiter is
         * never starved by a busy holder that releases and acquires again at once (it queues behind
         * the waiter). ZooKeeper and etcd are always fair (sequential nodes, create revisions); on
         * JDBC and Redis a waiter holds a ticket that it refreshes with each poll and that expires
         * when its process dies, so a crashed waiter holds up the queue for at most {@code max(ttl,
         * 1 s)}. The uncontended acquire costs the same round trips either way.
         *
         * <p>Not fair ({@code false}, JDBC and Redis only): whoever polls first when the lock is free
         * takes it. Under heavy contention on short critical sections this passes the lock around
         * faster (no wait for the head of the queue to look again), at the price of waiters that
         * time out while others acquire hundreds of times. An unfair acquire also ignores the queue
         * of fair ones on the same name.
         */
        public Builder fair(boolean fair) {
            this.fair = fair;
            return this;
        }

        public LeaseLockService build() {
            return new LeaseLockService(this);
        }
    }
}
