package dev.nonstop.controller.runner;

import dev.nonstop.controller.release.state.ReleaseState;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.ReleaseFence;
import dev.nonstop.controller.store.StaleStateException;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The release's own state as its runner sees it: read from the store before every step (operators' commands land
 * there, from any controller), and moved under the runner's fence. Pause waits here; abort, rollback and a failed
 * sibling end an instance's walk with one of the exceptions below.
 */
final class ReleaseControl {

    /** An operator asked for a rollback: the release is {@code ROLLING_BACK} already. */
    static final class RollbackRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RollbackRequested() {
            super(null, null, false, false);
        }
    }

    /** An operator aborted the release ({@code ABORTING}): instances stay where they are. */
    static final class Aborted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Aborted() {
            super(null, null, false, false);
        }
    }

    /** Another instance's walk failed: this one stops between two steps. */
    static final class StopWalking extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopWalking() {
            super("another instance of the release failed", null, false, false);
        }
    }

    private static final Duration PAUSED_POLL = Duration.ofMillis(200);

    private final ControllerStore store;
    private final ReleaseFence fence;
    private final Waiter waiter;
    private final List<ReleaseStateListener> listeners;

    ReleaseControl(ControllerStore store, ReleaseFence fence, Waiter waiter, List<ReleaseStateListener> listeners) {
        this.store = store;
        this.fence = fence;
        this.waiter = waiter;
        this.listeners = List.copyOf(listeners);
    }

    /** The release's state in the store now. */
    ReleaseState current() {
        return store.release(fence.releaseId()).orElseThrow().state();
    }

    /**
     * Before a step: returns when the release is RUNNING; waits while it is PAUSED; throws {@link StopWalking} when
     * {@code stopping} says another walk failed, {@link Aborted} after moving an ABORTING release to ABORTED,
     * {@link RollbackRequested} when it is ROLLING_BACK.
     */
    void betweenSteps(BooleanSupplier stopping) {
        while (true) {
            if (stopping.getAsBoolean()) {
                throw new StopWalking();
            }
            switch (current()) {
                case RUNNING -> {
                    return;
                }
                // every instance thread of a paused release polls: at 5 reads a second each, not the step pace
                case PAUSED ->
                    waiter.withInterval(PAUSED_POLL)
                            .await(Duration.ofSeconds(1), () -> current() != ReleaseState.PAUSED);
                // the runner records ABORTED once every instance thread has stopped
                case ABORTING -> throw new Aborted();
                case ROLLING_BACK -> throw new RollbackRequested();
                default -> throw new Aborted();
            }
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
