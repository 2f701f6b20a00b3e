package dev.nonstop.coordination;

import java.time.Duration;
import java.util.Optional;

/**
 * Grants leases on named locks. Thread-safe. Closing the service releases every lease it still
 * holds. Whether locks are granted in arrival order is a setting of the service ({@code
 * LeaseLockService.Builder.fair}, fair by default).
 */
public interface LockService extends AutoCloseable {

    /**
     * Acquires the lock {@code name}, waiting at most {@code maxWait}.
     *
     * @param ttl how long the lease survives without a successful renewal; renewals run every ttl/3
     * @throws LockAcquisitionTimeoutException when the lock is still held by another lease after
     *     {@code maxWait}; the acquire leaves no grant behind, even if a poll of it that got no
     *     answer reaches the store later
     * @throws CoordinationStoreException when the store still fails when {@code maxWait} is over
     *     (earlier failures are retried like a busy lock)
     * @throws InterruptedException when the waiting thread is interrupted; nothing is left held
     */
    Lease acquire(String name, Duration ttl, Duration maxWait) throws InterruptedException;

    /**
     * Acquires the lock {@code name} if it is free now (and, with fair acquisition, nobody waits for
     * it), without waiting.
     *
     * @throws CoordinationStoreException when the store cannot be reached or fails
     */
    Optional<Lease> tryAcquire(String name, Duration ttl);

    /** Releases every lease still held and stops renewing. Idempotent. */
    @Override
    void close();
}
