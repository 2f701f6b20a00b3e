package dev.nonstop.controller.store;

/**
 * An instance's operational state, outside of any release's bookkeeping (a release's view of an instance is its
 * last {@link StepRecord}).
 */
public enum InstanceState {
    /** Registered, not started yet. */
    PENDING,
    /** Serving. */
    RUNNING,
    /** No new work; finishing what it has. */
    DRAINING,
    /** Process stopped; may be started again. */
    STOPPED,
    /** Broken; needs an operator or a rollback. */
    FAILED,
    /** Stopped for good; kept for history. */
    RETIRED
}
