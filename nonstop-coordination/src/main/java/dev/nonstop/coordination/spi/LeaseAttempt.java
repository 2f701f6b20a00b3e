package dev.nonstop.coordination.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * One attempt to acquire a lock, possibly polled several times. Stores that queue waiters (a
 * ZooKeeper sequential node, an etcd key) keep their place between polls; closing an attempt that
 * was not granted gives the place up.
 */
public interface LeaseAttempt extends AutoCloseable {

    /**
     * Tries once. Present when the lease is granted; from then on closing the attempt leaves the
     * lease in place.
     *
     * @throws dev.nonstop.coordination.CoordinationStoreException when the store fails
     */
    Optional<LeaseGrant> poll();

    /**
     * Waits until polling again is worthwhile, at most {@code timeout}. Stores with watches return
     * when the predecessor goes away; the default just waits.
     */
    default void awaitChange(Duration timeout) throws InterruptedException {
        Thread.sleep(timeout);
    }

    /** Gives up the place in the queue unless the lease was granted. Never throws. */
    @Override
    void close();
}
