package dev.nonstop.coordination.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * One attempt to acquire a lock, possibly polled several times. Stores that queue waiters (a
 * ZooKeeper sequential node, an etcd key, a ticket in a JDBC or Redis queue) keep their place
 * between polls; closing an attempt that was not granted gives the place up, and also takes back a
 * grant that a poll whose answer never arrived (a timeout) may have made in the store: an acquire
 * the caller gave up on must not leave the lock held.
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
     * How many attempts waited in line ahead of this one at the last poll, not counting the holder;
     * -1 when unknown or not in a line. The lock service polls an attempt {@code n} places from the
     * front after the backoff of its {@code n}-th retry (5-10 ms for the next in line, doubling per
     * place): a released lock passes on at once, and the store is not polled at the shortest interval
     * by every waiter.
     */
    default int waitersAhead() {
        return -1;
    }

    /**
     * Waits until polling again is worthwhile, at most {@code timeout}. Stores with watches return
     * when the predecessor goes away; the default just waits.
     */
    default void awaitChange(Duration timeout) throws InterruptedException {
        Thread.sleep(timeout);
    }

    /**
     * Unless the lease was granted: gives up the place in the queue, and takes back a grant that an
     * unanswered poll may have made. Never throws and need not wait for the store.
     */
    @Override
    void close();
}
