package dev.nonstop.coordination;

import java.time.Duration;

/** The lock was still held by another lease when the wait ran out. */
public final class LockAcquisitionTimeoutException extends CoordinationException {

    private final String lockName;
    private final Duration waited;

    public LockAcquisitionTimeoutException(String lockName, Duration waited) {
        super("lock " + lockName + ": still held by another lease after " + waited);
        this.lockName = lockName;
        this.waited = waited;
    }

    public String lockName() {
        return lockName;
    }

    public Duration waited() {
        return waited;
    }
}
