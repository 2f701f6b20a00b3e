package dev.nonstop.bench.locks;

import java.time.Duration;

/** A lock that was still held, or a store that still failed, after the longest wait allowed. */
final class LockNotAcquiredException extends RuntimeException {

    LockNotAcquiredException(String name, Duration maxWait, Throwable cause) {
        super(name + " not acquired within " + maxWait + (cause == null ? "" : ": " + cause), cause);
    }
}
