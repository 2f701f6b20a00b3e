package dev.nonstop.controller.runner;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Polls an observed condition until it holds or a deadline of the injected {@link Clock} passes. The pauses between
 * polls back off: the first is the poll interval, each next one {@link #BACKOFF} times longer, up to the max
 * interval ({@link #DEFAULT_MAX_INTERVAL} unless set). A condition that holds soon is seen soon (a drain of a few
 * milliseconds costs a few polls 20 ms apart), one that takes seconds (a JVM starting, a long request draining) is
 * seen at most a max interval late and costs two polls a second instead of fifty: the control plane stays off the
 * CPUs that the apps and the gateways serve from. The pause is never a guess at how long the condition takes.
 * Thread-safe.
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

    /** How much longer each pause of a wait is than the one before, until the max interval. */
    public static final double BACKOFF = 1.5;

    /** The longest pause between two polls unless {@link #withMaxInterval set}: a wait ends at most this late. */
    public static final Duration DEFAULT_MAX_INTERVAL = Duration.ofMillis(500);

    private static final Gate OPEN = () -> Duration.ZERO;

    private final Clock clock;
    private final Duration interval;
    private final Duration maxInterval;
    private final Pause pause;
    private final Gate gate;

    private Waiter(Clock clock, Duration interval, Duration maxInterval, Pause pause, Gate gate) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval: " + interval + " (expected: > 0)");
        }
        if (maxInterval == null || maxInterval.compareTo(interval) < 0) {
            throw new IllegalArgumentException(
                    "maxInterval: " + maxInterval + " (expected: >= the interval " + interval + ")");
        }
        this.interval = interval;
        this.maxInterval = maxInterval;
        this.pause = Objects.requireNonNull(pause, "pause");
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    /**
     * A waiter pausing the calling thread between polls: {@code interval} first, then longer up to {@link
     * #DEFAULT_MAX_INTERVAL} (or {@code interval} when that is longer).
     */
    public static Waiter create(Clock clock, Duration interval) {
        return create(clock, interval, d -> TimeUnit.NANOSECONDS.sleep(d.toNanos()));
    }

    /** A waiter with its own way of pausing (tests: advance a fake clock; a release: wake on a command). */
    public static Waiter create(Clock clock, Duration interval, Pause pause) {
        return new Waiter(clock, interval, defaultMax(interval), pause, OPEN);
    }

    private static Duration defaultMax(Duration interval) {
        return interval != null && interval.compareTo(DEFAULT_MAX_INTERVAL) > 0 ? interval : DEFAULT_MAX_INTERVAL;
    }

    /** A waiter like this one that passes {@code newGate} before every poll. */
    public Waiter gatedBy(Gate newGate) {
        return new Waiter(clock, interval, maxInterval, pause, newGate);
    }

    public Clock clock() {
        return clock;
    }

    /** The first pause of a wait. */
    public Duration interval() {
        return interval;
    }

    /** The longest pause of a wait. */
    public Duration maxInterval() {
        return maxInterval;
    }

    /**
     * A waiter on the same clock whose waits pause {@code newInterval} first; the max interval stays (or becomes
     * {@code newInterval} when that is longer).
     */
    public Waiter withInterval(Duration newInterval) {
        Duration max = newInterval != null && newInterval.compareTo(maxInterval) > 0 ? newInterval : maxInterval;
        return new Waiter(clock, newInterval, max, pause, gate);
    }

    /** A waiter like this one whose pauses grow up to {@code newMaxInterval}; the interval itself for none. */
    public Waiter withMaxInterval(Duration newMaxInterval) {
        return new Waiter(clock, interval, newMaxInterval, pause, gate);
    }

    /**
     * Polls {@code condition} until it returns true or {@code timeout} has passed on the clock; the condition is
     * polled at least once, and once more at the deadline. The pauses back off from the interval to the max interval
     * (see the class). The gate is passed before every poll; time it held the thread does not count.
     *
     * @return whether the condition held
     * @throws CancellationException when the thread is interrupted (its interrupt flag is set again)
     */
    public boolean await(Duration timeout, BooleanSupplier condition) {
        Instant deadline = clock.instant().plus(timeout);
        long nextNanos = interval.toNanos();
        while (true) {
            deadline = deadline.plus(gate.pass());
            if (condition.getAsBoolean()) {
                return true;
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                return false;
            }
            long leftNanos = Duration.between(now, deadline).toNanos();
            pauseFor(Duration.ofNanos(Math.min(leftNanos, nextNanos)));
            nextNanos = Math.min(maxInterval.toNanos(), (long) (nextNanos * BACKOFF));
        }
    }

    /**
     * Lets {@code duration} pass on the clock while {@code abort} stays false, polling it as {@link #await} does: a
     * wait that is a ramp step, not a guess, and still observes the instance while it waits.
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
