package dev.nonstop.controller.store;

/**
 * The state of an instance as the controller's store records it ({@link Instance#state}), outside of any release's
 * bookkeeping (a release's view of an instance is its last {@link StepRecord}). Not what an agent reports of the
 * process ({@code dev.nonstop.agent.process.InstanceState}): the controller derives this from it once a release
 * settles.
 */
public enum RecordedInstanceState {
    /** Registered, or started by a release and not verified yet: not serving. */
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
