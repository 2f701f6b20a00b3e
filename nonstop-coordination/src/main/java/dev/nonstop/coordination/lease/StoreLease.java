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
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lease granted by a store and kept by a {@link LeaseLockService}: renewed every ttl/3 and lost
 * at {@code lastRenewalSent + ttl} (less the {@linkplain #validity drift allowance}) at the latest,
 * both driven by the service's {@link LeaseTimer}; lost exactly once.
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
    private final long validNanos;
    private final long renewEveryNanos;
    private final long renewEarlyNanos;
    private final LeaseLockService service;
    private final AtomicBoolean renewing = new AtomicBoolean();
    private volatile long renewedAt;
    private volatile long nextRenewalAt; // on the timer's clock; written by the timer thread only
    private volatile RuntimeException lastFailure;

    // Guarded by this.
    private State state = State.HELD;
    private LeaseLostReason lostReason;
    private final List<LeaseListener> listeners = new ArrayList<>();

    StoreLease(LeaseGrant grant, Duration ttl, long grantSentNanos, LeaseLockService service) {
        this.grant = grant;
        this.ttl = ttl;
        this.ttlNanos = ttl.toNanos();
        this.validNanos = validity(ttl).toNanos();
        this.renewEveryNanos = Math.max(1, ttlNanos / 3);
        this.renewEarlyNanos = ttlNanos / 30;
        this.service = service;
        this.renewedAt = grantSentNanos;
        this.nextRenewalAt = LeaseTimer.now() + renewEveryNanos;
    }

    /**
     * Called by the {@link LeaseTimer} at {@link #nextDue} or later: loses the lease if its ttl has
     * passed since the last renewal was sent (before any renewal is tried, so a process resuming
     * from a long pause reports {@code EXPIRED}), else starts a renewal if one is due (or due within a
     * 30th of the ttl, to share the wake with other leases), unless the previous one still waits
     * for the store.
     *
     * @param timerNow the time on the timer's clock, which paces renewals; validity is measured on
     *     the service's clock (the same in production, a hand-driven one in tests)
     * @return whether the lease is still held; the timer forgets it otherwise
     */
    boolean onTimer(long timerNow) {
        synchronized (this) {
            if (state != State.HELD) {
                return false;
            }
        }
        if (service.clock().nanoTime() - renewedAt >= validNanos) {
            lose(expiryReason());
            return false;
        }
        if (nextRenewalAt - timerNow <= renewEarlyNanos) {
            nextRenewalAt = timerNow + renewEveryNanos;
            triggerRenewal();
        }
        return true;
    }

    /**
     * When, on the timer's clock, the timer must look at this lease again: its next renewal, or its
     * deadline ({@code lastRenewalSent + ttl}) if that comes first because renewals are failing or
     * stuck.
     */
    long nextDue(long timerNow) {
        long renewal = nextRenewalAt;
        long deadline = timerNow + (renewedAt + validNanos - service.clock().nanoTime());
        return renewal - deadline < 0 ? renewal : deadline;
    }

    /**
     * How long a lease is valid locally after the request that set its store-side expiry was sent:
     * the ttl less an allowance for the store's clock running faster than ours, a hundredth of the
     * ttl plus 2 ms (Redlock's allowance; the 2 ms also covers the millisecond precision of Redis'
     * expiries). So the local deadline falls before the store's even when the clocks drift.
     */
    static Duration validity(Duration ttl) {
        return ttl.minus(ttl.dividedBy(100)).minusMillis(2);
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
        return service.clock().nanoTime() - renewedAt < validNanos;
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
            return; // the previous renewal is still waiting for the store; the timer watches the deadline
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
            if (sent - renewedAt >= validNanos) {
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
        // Only moves the deadline later, so the wake the timer planned is still early enough.
        renewedAt = Math.max(renewedAt, sent);
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
}
