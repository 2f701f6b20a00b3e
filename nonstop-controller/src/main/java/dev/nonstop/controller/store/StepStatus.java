package dev.nonstop.controller.store;

/** The status of a step row. */
public enum StepStatus {
    /** About to run, or running; a controller resuming the release runs it again. */
    STARTED,
    /** Ran to completion: the instance is in the step. */
    DONE,
    /** Ran and failed. */
    FAILED
}
