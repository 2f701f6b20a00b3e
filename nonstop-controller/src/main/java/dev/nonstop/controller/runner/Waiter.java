package dev.nonstop.controller.runner;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Polls an observed condition until it holds or a deadline of the injected {@link Clock} passes. The pause between
 * two polls is the poll interval, never a guess at how long the condition takes. Thread-safe.
 *
 * <pre>{@code
 * Waiter waiter = Waiter.create(clock, Duration.ofMillis(20));
 * boolean drained = waiter.await(Duration.ofSeconds(30), () -> inFlight() == 0);
 * }</pre>
 */
public final class Waiter {

    /** How the waiter pauses between polls; the default parks the thread, a test's advances a fake clock. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration interval) throws InterruptedException;
    }

    private final Clock clock;
    private final Duration interval;
    private final Pause pause;

    private Waiter(Clock clock, Duration interval, Pause pause) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval: " + interval + " (expected: > 0)");
        }
        this.interval = interval;
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    /** A waiter pausing the calling thread for {@code interval} between polls. */
    public static Waiter create(Clock clock, Duration interval) {
        return new Waiter(clock, interval, d -> TimeUnit.NANOSECONDS.sleep(d.toNanos()));
    }

    /** A waiter with its own way of pausing (tests: advance a fake clock). */
    public static Waiter create(Clock clock, Duration interval, Pause pause) {
        return new Waiter(clock, interval, pause);
    }

    public Clock clock() {
        return clock;
    }

    public Duration interval() {
        return interval;
    }

    /** A waiter on the same clock polling every {@code newInterval}. */
    public Waiter withInterval(Duration newInterval) {
        return new Waiter(clock, newInterval, pause);
    }

    /**
     * Polls {@code condition} until it returns true or {@code timeout} has passed on the clock; the condition is
     * polled at least once, and once more at the deadline.
     *
     * @return whether the condition held
     * @throws CancellationException when the thread is interrupted (its interrupt flag is set again)
     */
    public boolean await(Duration timeout, BooleanSupplier condition) {
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                return false;
            }
            Duration left = Duration.between(now, deadline);
            pauseFor(left.compareTo(interval) < 0 ? left : interval);
        }
    }

    /**
     * Lets {@code duration} pass on the clock while {@code abort} stays false, polling it every interval: a wait
     * that is a ramp step, not a guess, and still observes the instance while it waits.
     *
     * @return false when {@code abort} turned true before the time was up
     */
    public boolean hold(Duration duration, BooleanSupplier abort) {
        return !await(duration, abort);
    }

    private void pauseFor(Duration d) {
        try {
            pause.pause(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting");
        }
    }
}
