package dev.nonstop.coordination;

/** Base of the exceptions of the coordination layer. Unchecked. */
public class CoordinationException extends RuntimeException {

    public CoordinationException(String message) {
        super(message);
    }

    public CoordinationException(String message, Throwable cause) {
        super(message, cause);
    }
}
