package dev.nonstop.controller.release.state;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * What an operator may ask of a release, and from which states:
 *
 * <pre>
 * PAUSE    RUNNING -> PAUSED
 * RESUME   PAUSED -> RUNNING
 * ABORT    PENDING -> ABORTED; RUNNING, PAUSED -> ABORTING
 * ROLLBACK RUNNING, PAUSED, ABORTING, FAILED, ABORTED -> ROLLING_BACK
 * </pre>
 *
 * Every command's moves are legal in {@link ReleaseState}'s table.
 */
public enum ReleaseCommand {
    PAUSE(Map.of(ReleaseState.RUNNING, ReleaseState.PAUSED)),
    RESUME(Map.of(ReleaseState.PAUSED, ReleaseState.RUNNING)),
    ABORT(Map.of(
            ReleaseState.PENDING, ReleaseState.ABORTED,
            ReleaseState.RUNNING, ReleaseState.ABORTING,
            ReleaseState.PAUSED, ReleaseState.ABORTING)),
    ROLLBACK(Map.of(
            ReleaseState.RUNNING, ReleaseState.ROLLING_BACK,
            ReleaseState.PAUSED, ReleaseState.ROLLING_BACK,
            ReleaseState.ABORTING, ReleaseState.ROLLING_BACK,
            ReleaseState.FAILED, ReleaseState.ROLLING_BACK,
            ReleaseState.ABORTED, ReleaseState.ROLLING_BACK));

    private final Map<ReleaseState, ReleaseState> moves;

    ReleaseCommand(Map<ReleaseState, ReleaseState> moves) {
        this.moves = Collections.unmodifiableMap(new EnumMap<>(moves));
    }

    /** The states this command is legal from. */
    public Set<ReleaseState> legalFrom() {
        return moves.keySet();
    }

    public boolean isLegalFrom(ReleaseState state) {
        return moves.containsKey(state);
    }

    /**
     * The state a release in {@code current} moves to under this command.
     *
     * @throws IllegalCommandException when the command is not legal from {@code current}
     */
    public ReleaseState targetFrom(ReleaseState current) {
        ReleaseState target = moves.get(current);
        if (target == null) {
            throw new IllegalCommandException(this, current);
        }
        return target;
    }
}
