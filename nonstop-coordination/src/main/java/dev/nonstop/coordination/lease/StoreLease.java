package dev.nonstop.coordination.lease;

import dev.nonstop.coordination.Lease;
import dev.nonstop.coordination.LeaseListener;
import dev.nonstop.coordination.LeaseLostException;
import dev.nonstop.coordination.LeaseLostReason;
import dev.nonstop.coordination.spi.LeaseGrant;
import dev.nonstop.coordination.spi.RenewalOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lease granted by a store and kept by a {@link LeaseLockService}: renewed every ttl/3, watched
 * by a deadline task at {@code lastRenewalSent + ttl}, lost exactly once.
 */
final class StoreLease implements Lease {

    private static final Logger log = LoggerFactory.getLogger(StoreLease.class);

    private enum State {
        HELD,
        LOST,
        RELEASED
    }

    private final LeaseGrant grant;
    private final Duration ttl;
    private final long ttlNanos;
    private final LeaseLockService service;
    private final AtomicBoolean renewing = new AtomicBoolean();
    private volatile long renewedAt;
    private volatile RuntimeException lastFailure;

    // Guarded by this.
    private State state = State.HELD;
    private LeaseLostReason lostReason;
    private final List<LeaseListener> listeners = new ArrayList<>();
    private ScheduledFuture<?> renewTask;
    private ScheduledFuture<?> deadlineTask;

    StoreLease(LeaseGrant grant, Duration ttl, long grantSentNanos, LeaseLockService service) {
        this.grant = grant;
        this.ttl = ttl;
        this.ttlNanos = ttl.toNanos();
        this.service = service;
        this.renewedAt = grantSentNanos;
    }

    synchronized void start() {
        if (state != State.HELD) {
            return;
        }
        long every = Math.max(1, ttlNanos / 3);
        renewTask = service.timer().scheduleWithFixedDelay(this::triggerRenewal, every, every, TimeUnit.NANOSECONDS);
        scheduleDeadline();
    }

    @Override
    public String name() {
        return grant.name();
    }

    @Override
    public String leaseId() {
        return grant.leaseId();
    }

    @Override
    public long fencingToken() {
        return grant.fencingToken();
    }

    @Override
    public Duration ttl() {
        return ttl;
    }

    @Override
    public boolean isValid() {
        synchronized (this) {
            if (state != State.HELD) {
                return false;
            }
        }
        return service.clock().nanoTime() - renewedAt < ttlNanos;
    }

    @Override
    public void checkValid() {
        if (isValid()) {
            return;
        }
        String why;
        synchronized (this) {
            why = switch (state) {
                case LOST -> "lost (" + lostReason + ")";
                case RELEASED -> "released";
                case HELD -> "not renewed for " + ttl;
            };
        }
        throw new LeaseLostException(name(), fencingToken(), why);
    }

    @Override
    public void addListener(LeaseListener listener) {
        LeaseLostReason reason;
        synchronized (this) {
            if (state != State.LOST) {
                listeners.add(listener);
                return;
            }
            reason = lostReason;
        }
        notify(listener, reason);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (state != State.HELD) {
                return;
            }
            state = State.RELEASED;
            cancelTasks();
        }
        service.forget(this);
        service.store().release(grant);
    }

    @Override
    public String toString() {
        return "Lease[" + name() + ", token " + fencingToken() + ", id " + leaseId() + "]";
    }

    private void triggerRenewal() {
        if (!renewing.compareAndSet(false, true)) {
            return; // the previous renewal is still waiting for the store; the deadline task watches it
        }
        try {
            service.workers().execute(this::renewOnce);
        } catch (RejectedExecutionException e) {
            renewing.set(false);
        }
    }

    private void renewOnce() {
        try {
            synchronized (this) {
                if (state != State.HELD) {
                    return;
                }
            }
            long sent = service.clock().nanoTime();
            if (sent - renewedAt >= ttlNanos) {
                lose(expiryReason());
                return;
            }
            RenewalOutcome outcome;
            try {
                outcome = service.store().renew(grant, ttl);
            } catch (RuntimeException e) {
                lastFailure = e;
                log.debug("renewal of {} failed; retrying until {} has passed", this, ttl, e);
                return;
            }
            switch (outcome) {
                case RENEWED -> renewed(sent);
                case TAKEN_OVER -> lose(LeaseLostReason.TAKEN_OVER);
                case SESSION_LOST -> lose(LeaseLostReason.SESSION_LOST);
            }
        } finally {
            renewing.set(false);
        }
    }

    private synchronized void renewed(long sent) {
        if (state != State.HELD) {
            return;
        }
        lastFailure = null;
        renewedAt = Math.max(renewedAt, sent);
        if (deadlineTask != null) {
            deadlineTask.cancel(false);
        }
        scheduleDeadline();
    }

    private void checkDeadline() {
        synchronized (this) {
            if (state != State.HELD) {
                return;
            }
            if (service.clock().nanoTime() - renewedAt < ttlNanos) {
                scheduleDeadline();
                return;
            }
        }
        lose(expiryReason());
    }

    // Guarded by this.
    private void scheduleDeadline() {
        long delay = renewedAt + ttlNanos - service.clock().nanoTime();
        try {
            deadlineTask = service.timer().schedule(this::checkDeadline, Math.max(0, delay), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The service is closing and releases this lease.
        }
    }

    private LeaseLostReason expiryReason() {
        return lastFailure != null ? LeaseLostReason.STORE_UNREACHABLE : LeaseLostReason.EXPIRED;
    }

    private void lose(LeaseLostReason reason) {
        List<LeaseListener> toNotify;
        synchronized (this) {
            if (state != State.HELD) {
                return;
            }
            state = State.LOST;
            lostReason = reason;
            cancelTasks();
            toNotify = List.copyOf(listeners);
            listeners.clear();
        }
        log.warn("{} lost: {}", this, reason, lastFailure);
        service.forget(this);
        runAsync(this::releaseQuietly);
        for (LeaseListener listener : toNotify) {
            notify(listener, reason);
        }
    }

    /** A lost lease may still sit in the store (nobody took it yet): free it for the next holder. */
    private void releaseQuietly() {
        try {
            service.store().release(grant);
        } catch (RuntimeException e) {
            log.debug("could not clean up lost {}", this, e);
        }
    }

    private void notify(LeaseListener listener, LeaseLostReason reason) {
        runAsync(() -> {
            try {
                listener.leaseLost(this, reason);
            } catch (RuntimeException e) {
                log.warn("lease listener of {} failed", this, e);
            }
        });
    }

    private void runAsync(Runnable task) {
        try {
            service.workers().execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    // Guarded by this.
    private void cancelTasks() {
        if (renewTask != null) {
            renewTask.cancel(false);
        }
        if (deadlineTask != null) {
            deadlineTask.cancel(false);
        }
    }
}
