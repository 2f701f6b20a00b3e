package dev.nonstop.cli.release;

/**
 * A controller call that did not get an answer it could use: the connection broke, or the answer was not the JSON
 * the API describes. Its subclasses say more: {@link ControllerUnreachableException}, {@link ControllerApiException}.
 */
public class ControllerException extends RuntimeException {
    public ControllerException(String message) {
        super(message);
    }

    public ControllerException(String message, Throwable cause) {
        super(message, cause);
    }
}
