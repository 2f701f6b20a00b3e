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
 *
 * <p>A waiter {@linkplain #gatedBy gated} by a release's operator commands passes the gate before every poll: a
 * paused release holds the wait there (and its deadline moves by the time held), an aborted or rolled back one ends
 * it with the gate's exception. Its pause should return early when a command arrives, so that the gate is passed
 * again at once.
 */
public final class Waiter {

    /** How the waiter pauses between polls; the default parks the thread, a test's advances a fake clock. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration interval) throws InterruptedException;
    }

    /** What a wait passes before each poll. */
    @FunctionalInterface
    public interface Gate {
        /**
         * Returns at once to let the wait poll; blocks while the wait is to be held; throws (an unchecked exception
         * of the gate's own) to end the wait.
         *
         * @return how long the gate held the thread, on the waiter's clock; the wait's deadline moves by as much
         */
        Duration pass();
    }

    private static final Gate OPEN = () -> Duration.ZERO;

    private final Clock clock;
    private final Duration interval;
    private final Pause pause;
    private final Gate gate;

    private Waiter(Clock clock, Duration interval, Pause pause, Gate gate) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval: " + interval + " (expected: > 0)");
        }
        this.interval = interval;
        this.pause = Objects.requireNonNull(pause, "pause");
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    /** A waiter pausing the calling thread for {@code interval} between polls. */
    public static Waiter create(Clock clock, Duration interval) {
        return new Waiter(clock, interval, d -> TimeUnit.NANOSECONDS.sleep(d.toNanos()), OPEN);
    }

    /** A waiter with its own way of pausing (tests: advance a fake clock; a release: wake on a command). */
    public static Waiter create(Clock clock, Duration interval, Pause pause) {
        return new Waiter(clock, interval, pause, OPEN);
    }

    /** A waiter like this one that passes {@code newGate} before every poll. */
    public Waiter gatedBy(Gate newGate) {
        return new Waiter(clock, interval, pause, newGate);
    }

    public Clock clock() {
        return clock;
    }

    public Duration interval() {
        return interval;
    }

    /** A waiter on the same clock polling every {@code newInterval}. */
    public Waiter withInterval(Duration newInterval) {
        return new Waiter(clock, newInterval, pause, gate);
    }

    /**
     * Polls {@code condition} until it returns true or {@code timeout} has passed on the clock; the condition is
     * polled at least once, and once more at the deadline. The gate is passed before every poll; time it held the
     * thread does not count.
     *
     * @return whether the condition held
     * @throws CancellationException when the thread is interrupted (its interrupt flag is set again)
     */
    public boolean await(Duration timeout, BooleanSupplier condition) {
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            deadline = deadline.plus(gate.pass());
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
