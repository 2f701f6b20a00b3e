package dev.nonstop.coordination;

/**
 * The local monotonic clock that lease validity is measured with. Injected so that tests of ttls do
 * not sleep; {@link #system()} in production.
 */
@FunctionalInterface
public interface MonotonicClock {

    /** Nanoseconds from an arbitrary origin; only differences mean something. */
    long nanoTime();

    static MonotonicClock system() {
        return System::nanoTime;
    }
}
