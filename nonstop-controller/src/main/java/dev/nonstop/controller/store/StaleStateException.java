package dev.nonstop.controller.store;

import dev.nonstop.controller.release.state.ReleaseState;

/**
 * An optimistic state update that lost: the release is no longer in the state the caller read. Read it again and
 * decide anew.
 */
public final class StaleStateException extends ControllerStoreException {

    private final String releaseId;
    private final ReleaseState expected;
    private final ReleaseState actual;

    public StaleStateException(String releaseId, ReleaseState expected, ReleaseState actual) {
        super("release " + releaseId + ": state is " + actual + " (expected: " + expected + ")");
        this.releaseId = releaseId;
        this.expected = expected;
        this.actual = actual;
    }

    public String releaseId() {
        return releaseId;
    }

    public ReleaseState expected() {
        return expected;
    }

    public ReleaseState actual() {
        return actual;
    }
}
