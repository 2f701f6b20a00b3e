package dev.nonstop.controller.release.state;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The state of a whole release. The table:
 *
 * <pre>
 * PENDING      -> RUNNING, ABORTED
 * RUNNING      -> PAUSED, ABORTING, ROLLING_BACK, SUCCEEDED, FAILED
 * PAUSED       -> RUNNING, ABORTING, ROLLING_BACK
 * ABORTING     -> ABORTED, ROLLING_BACK, FAILED
 * ROLLING_BACK -> ROLLED_BACK, FAILED
 * FAILED       -> ROLLING_BACK
 * ABORTED      -> ROLLING_BACK
 * SUCCEEDED, ROLLED_BACK: final
 * </pre>
 *
 * <p>A failure while running goes to {@code ROLLING_BACK} (touched instances are put back); {@code FAILED} is for a
 * failure that cannot be rolled back automatically, including a failed rollback. Pause, abort and rollback take
 * effect within a second, also in the middle of a step: the runner's waits race the release's state.
 */
public enum ReleaseState {
    PENDING,
    RUNNING,
    PAUSED,
    ABORTING,
    ROLLING_BACK,
    SUCCEEDED,
    FAILED,
    ABORTED,
    ROLLED_BACK;

    private static final Map<ReleaseState, Set<ReleaseState>> TABLE = table();

    private static Map<ReleaseState, Set<ReleaseState>> table() {
        EnumMap<ReleaseState, Set<ReleaseState>> t = new EnumMap<>(ReleaseState.class);
        t.put(PENDING, EnumSet.of(RUNNING, ABORTED));
        t.put(RUNNING, EnumSet.of(PAUSED, ABORTING, ROLLING_BACK, SUCCEEDED, FAILED));
        t.put(PAUSED, EnumSet.of(RUNNING, ABORTING, ROLLING_BACK));
        t.put(ABORTING, EnumSet.of(ABORTED, ROLLING_BACK, FAILED));
        t.put(ROLLING_BACK, EnumSet.of(ROLLED_BACK, FAILED));
        t.put(FAILED, EnumSet.of(ROLLING_BACK));
        t.put(ABORTED, EnumSet.of(ROLLING_BACK));
        t.put(SUCCEEDED, EnumSet.noneOf(ReleaseState.class));
        t.put(ROLLED_BACK, EnumSet.noneOf(ReleaseState.class));
        t.replaceAll((state, next) -> Collections.unmodifiableSet(next));
        return Collections.unmodifiableMap(t);
    }

    /** Every state this one may move to. */
    public Set<ReleaseState> successors() {
        return TABLE.get(this);
    }

    public boolean canTransitionTo(ReleaseState to) {
        return successors().contains(to);
    }

    /** @throws IllegalTransitionException unless the table allows {@code this -> to} */
    public void checkTransitionTo(ReleaseState to) {
        if (!canTransitionTo(to)) {
            throw new IllegalTransitionException(this, to);
        }
    }

    /**
     * Whether the release is settled: nobody needs to run it. {@code FAILED} and {@code ABORTED} are settled but
     * may still be rolled back by an operator.
     */
    public boolean isSettled() {
        return this == SUCCEEDED || this == FAILED || this == ABORTED || this == ROLLED_BACK;
    }

    /** Whether the release needs a controller to own and drive it: every state that is not settled. */
    public boolean needsOwner() {
        return !isSettled();
    }
}
