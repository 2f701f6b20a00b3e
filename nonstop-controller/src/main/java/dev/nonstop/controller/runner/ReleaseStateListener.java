package dev.nonstop.controller.runner;

import dev.nonstop.controller.release.state.ReleaseState;

/** Told each time a runner moves its release to another state, after the store recorded it. */
@FunctionalInterface
public interface ReleaseStateListener {
    /** @param error the failure that caused the move, or {@code null} */
    void stateChanged(String releaseId, ReleaseState from, ReleaseState to, String error);
}
