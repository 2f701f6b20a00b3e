package dev.nonstop.controller;

/**
 * The controller could not start: its store or lease backend could not be reached, or its API's
 * address could not be bound. Whatever had started is closed again.
 */
public final class ControllerStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ControllerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
