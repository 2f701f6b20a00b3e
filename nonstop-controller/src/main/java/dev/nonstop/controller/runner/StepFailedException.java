package dev.nonstop.controller.runner;

/**
 * A step's verdict was negative (health or smoke check failed, drain deadline with policy {@code FAIL}, error rate
 * over the warm-up threshold) or the step could not be done (the agent could not start the process, a gateway did
 * not answer). The release is rolled back.
 */
public final class StepFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StepFailedException(String message) {
        super(message);
    }

    public StepFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
