package dev.nonstop.coordination.lease;

import dev.nonstop.coordination.CoordinationStoreException;
import dev.nonstop.coordination.spi.LeaseAttempt;
import dev.nonstop.coordination.spi.LeaseGrant;
import dev.nonstop.coordination.spi.LeaseStore;
import dev.nonstop.coordination.spi.RenewalOutcome;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A store in memory for unit tests of the lock service: no expiry, failures and take-overs on demand. */
final class InMemoryLeaseStore implements LeaseStore {

    private final Map<String, LeaseGrant> holders = new HashMap<>();
    private final Map<String, Long> tokens = new HashMap<>();
    private final AtomicInteger renewals = new AtomicInteger();
    private final AtomicInteger renewAttempts = new AtomicInteger();
    private volatile boolean failing;

    @Override
    public LeaseAttempt begin(String name, String leaseId, Duration ttl, boolean fair) {
        return new LeaseAttempt() {
            @Override
            public Optional<LeaseGrant> poll() {
                failIfAsked();
                synchronized (InMemoryLeaseStore.this) {
                    if (holders.containsKey(name)) {
                        return Optional.empty();
                    }
                    long token = tokens.merge(name, 1L, Long::sum);
                    LeaseGrant grant = new LeaseGrant(name, leaseId, token, "");
                    holders.put(name, grant);
                    return Optional.of(grant);
                }
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public synchronized RenewalOutcome renew(LeaseGrant grant, Duration ttl) {
        renewAttempts.incrementAndGet();
        failIfAsked();
        renewals.incrementAndGet();
        return grant.equals(holders.get(grant.name())) ? RenewalOutcome.RENEWED : RenewalOutcome.TAKEN_OVER;
    }

    @Override
    public synchronized void release(LeaseGrant grant) {
        failIfAsked();
        holders.remove(grant.name(), grant);
    }

    /** Hands the lock to nobody, as if it had expired and been taken. */
    synchronized void takeOver(String name) {
        holders.remove(name);
    }

    synchronized boolean isHeld(String name) {
        return holders.containsKey(name);
    }

    void failing(boolean failing) {
        this.failing = failing;
    }

    int renewAttempts() {
        return renewAttempts.get();
    }

    int renewals() {
        return renewals.get();
    }

    private void failIfAsked() {
        if (failing) {
            throw new CoordinationStoreException("store down (test)");
        }
    }

    @Override
    public void close() {}
}
