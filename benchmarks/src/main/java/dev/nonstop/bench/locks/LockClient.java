package dev.nonstop.bench.locks;

import java.time.Duration;

/** One lock implementation, connected to its store, seen the same way by every measurement. */
interface LockClient extends AutoCloseable {

    /**
     * Acquires {@code name} on the calling thread, waiting at most {@code maxWait}. Redisson and
     * Curator locks belong to the thread that took them: close the handle on the same thread.
     *
     * @throws LockNotAcquiredException when the lock is still held after {@code maxWait}
     */
    Held acquire(String name, Duration maxWait) throws InterruptedException;

    /** Disconnects; a lock still held is released by its store's expiry. */
    @Override
    void close();

    /** A held lock; closing releases it. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
