package dev.nonstop.controller.runner;

/**
 * The runner stopped driving the release without settling it: its fence was refused (another controller took the
 * release over, at the store, a gateway or an agent) or the store could not be written. Whatever it left is in the
 * step log; the next owner resumes from there.
 */
public final class ReleaseAbandonedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReleaseAbandonedException(String message, Throwable cause) {
        super(message, cause);
    }
}
