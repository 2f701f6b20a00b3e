package dev.nonstop.controller.runner;

import dev.nonstop.controller.release.state.ReleaseState;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.ReleaseFence;
import dev.nonstop.controller.store.StaleStateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The release's own state as its runner sees it, and the signal every wait of its walk races against. Operators'
 * commands land in the store, from any controller; the runner reads the state before every step, and while its
 * instances wait (a warm-up hold, a drain, a readiness poll, a paused release, a conflict backoff) it reads it again
 * every command poll interval, or at once when this controller recorded the command itself ({@link
 * #commandRecorded}). Pause holds a wait where it is; abort, rollback and a failed sibling end it with one of the
 * {@link Interrupt}s below. State changes are written under the runner's fence.
 */
final class ReleaseControl {

    /** Why an instance's walk stops before its next step, or in the middle of a wait. */
    abstract static sealed class Interrupt extends RuntimeException permits RollbackRequested, Aborted, StopWalking {
        private static final long serialVersionUID = 1L;

        Interrupt(String why) {
            super(why, null, false, false);
        }
    }

    /** An operator asked for a rollback: the release is {@code ROLLING_BACK} already. */
    static final class RollbackRequested extends Interrupt {
        private static final long serialVersionUID = 1L;

        RollbackRequested() {
            super("the operator's ROLLBACK");
        }
    }

    /** An operator aborted the release ({@code ABORTING}): instances stay where they are. */
    static final class Aborted extends Interrupt {
        private static final long serialVersionUID = 1L;

        Aborted() {
            super("the operator's ABORT");
        }
    }

    /** Another instance's walk failed: this one stops between two steps, or in a wait. */
    static final class StopWalking extends Interrupt {
        private static final long serialVersionUID = 1L;

        StopWalking() {
            super("another instance of the release failed");
        }
    }

    private final ControllerStore store;
    private final ReleaseFence fence;
    private final Clock clock;
    private final long pollNanos;
    private final List<ReleaseStateListener> listeners;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** The state last read; {@link #generation} moves whenever it changes or a command is announced. */
    private volatile ReleaseState known;

    private volatile long readAtNanos;
    private volatile boolean stale = true;
    private volatile long generation;
    /** Set while the forward walk runs: only its waits are gated (a rollback is not stopped by the state it is in). */
    private volatile BooleanSupplier walking;

    ReleaseControl(
            ControllerStore store,
            ReleaseFence fence,
            Clock clock,
            Duration commandPoll,
            List<ReleaseStateListener> listeners) {
        this.store = store;
        this.fence = fence;
        this.clock = clock;
        this.pollNanos = commandPoll.toNanos();
        this.listeners = List.copyOf(listeners);
    }

    /** The release's state in the store now. */
    ReleaseState current() {
        ReleaseState state = store.release(fence.releaseId()).orElseThrow().state();
        observe(state);
        return state;
    }

    /** A command on this release was just recorded here: the waits read the state again at once. */
    void commandRecorded() {
        lock.lock();
        try {
            stale = true;
            generation++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Gates the waits of the forward walk from now on; {@code stopping} says another instance failed. */
    void startWalking(BooleanSupplier stopping) {
        walking = stopping;
    }

    /** The forward walk ended: waits (a rollback's, an abort's) are no longer gated. */
    void stopWalking() {
        walking = null;
    }

    /**
     * Before a step: returns when the release is RUNNING; waits while it is PAUSED; throws {@link StopWalking} when
     * {@code stopping} says another walk failed, {@link Aborted} for an ABORTING release, {@link RollbackRequested}
     * when it is ROLLING_BACK.
     */
    void betweenSteps(BooleanSupplier stopping) {
        stale = true;
        admit(stopping);
    }

    /**
     * The gate of the walk's waits ({@link Waiter.Gate}): returns at once while the release runs (reading its state
     * at most every command poll interval), blocks while it is paused, throws as {@link #betweenSteps} does.
     *
     * @return how long a pause held the thread
     */
    Duration pass() {
        BooleanSupplier stopping = walking;
        return stopping == null ? Duration.ZERO : admit(stopping);
    }

    /**
     * The pause of the walk's waits ({@link Waiter.Pause}): returns after {@code d}, or as soon as a command is
     * announced or a read finds the state changed.
     */
    void park(Duration d) throws InterruptedException {
        if (walking == null) {
            TimeUnit.NANOSECONDS.sleep(d.toNanos());
            return;
        }
        long end = System.nanoTime() + d.toNanos();
        long seen = generation;
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            known();
            if (generation != seen) {
                return;
            }
            lock.lockInterruptibly();
            try {
                if (generation == seen) {
                    changed.awaitNanos(Math.min(left, pollNanos));
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private Duration admit(BooleanSupplier stopping) {
        Instant pausedAt = null;
        while (true) {
            if (stopping.getAsBoolean()) {
                throw new StopWalking();
            }
            long seen = generation;
            switch (known()) {
                case RUNNING -> {
                    return pausedAt == null ? Duration.ZERO : Duration.between(pausedAt, clock.instant());
                }
                case PAUSED -> {
                    if (pausedAt == null) {
                        pausedAt = clock.instant();
                    }
                    awaitChange(seen);
                }
                // the runner records ABORTED once every instance thread has stopped
                case ABORTING -> throw new Aborted();
                case ROLLING_BACK -> throw new RollbackRequested();
                default -> throw new Aborted();
            }
        }
    }

    /** The state as last read, read again when that is older than the command poll interval. */
    private ReleaseState known() {
        ReleaseState state = known;
        if (state == null || stale || System.nanoTime() - readAtNanos >= pollNanos) {
            return current();
        }
        return state;
    }

    private void observe(ReleaseState state) {
        lock.lock();
        try {
            readAtNanos = System.nanoTime();
            stale = false;
            if (state != known) {
                known = state;
                generation++;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to one command poll interval for a command or a changed state. */
    private void awaitChange(long seen) {
        lock.lock();
        try {
            if (generation == seen) {
                changed.awaitNanos(pollNanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while the release is paused");
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves the release from {@code from} to {@code to} if it is still in {@code from}, telling the listeners.
     *
     * @return false when it had moved on (an operator's command came first): nothing changed
     */
    boolean moveIfStill(ReleaseState from, ReleaseState to) {
        try {
            store.updateReleaseState(fence, from, to, null);
        } catch (StaleStateException e) {
            return false;
        }
        observe(to);
        listeners.forEach(l -> l.stateChanged(fence.releaseId(), from, to, null));
        return true;
    }

    /**
     * RUNNING -> SUCCEEDED once every instance is done. After the last step is a step boundary like any other: a
     * command that came after it (PAUSED, ABORTING, ROLLING_BACK, none of which may move to SUCCEEDED) is handled
     * as {@link #betweenSteps} handles it, also when it lands between the read and the write.
     */
    void succeed() {
        while (true) {
            betweenSteps(() -> false);
            try {
                store.updateReleaseState(fence, ReleaseState.RUNNING, ReleaseState.SUCCEEDED, null);
                observe(ReleaseState.SUCCEEDED);
                listeners.forEach(
                        l -> l.stateChanged(fence.releaseId(), ReleaseState.RUNNING, ReleaseState.SUCCEEDED, null));
                return;
            } catch (StaleStateException e) {
                // an operator's command came first: read the state again
            }
        }
    }

    /**
     * Moves the release to {@code next} from whatever state it is in now (an operator may have moved it), telling
     * the listeners; nothing when it is there already.
     */
    void moveTo(ReleaseState next, String error) {
        for (int attempt = 0; ; attempt++) {
            ReleaseState current = current();
            if (current == next) {
                return;
            }
            try {
                store.updateReleaseState(fence, current, next, error);
                observe(next);
                listeners.forEach(l -> l.stateChanged(fence.releaseId(), current, next, error));
                return;
            } catch (StaleStateException e) {
                if (attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    /**
     * RUNNING -> FAILED with {@code error}, for a release that failed before it touched any instance (its artifact
     * could not be staged): there is nothing to roll back. A command that came first is handled as {@link
     * #betweenSteps} handles it (an abort ends ABORTED, a rollback rolls back nothing), also when it lands between the
     * read and the write.
     */
    void failUntouched(String error) {
        while (true) {
            betweenSteps(() -> false);
            try {
                store.updateReleaseState(fence, ReleaseState.RUNNING, ReleaseState.FAILED, error);
                listeners.forEach(
                        l -> l.stateChanged(fence.releaseId(), ReleaseState.RUNNING, ReleaseState.FAILED, error));
                return;
            } catch (StaleStateException e) {
                // an operator's command came first: read the state again
            }
        }
    }
}
