package dev.nonstop.coordination;

/** The coordination store could not be reached or failed; the operation's outcome is unknown. */
public final class CoordinationStoreException extends CoordinationException {

    public CoordinationStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public CoordinationStoreException(String message) {
        super(message);
    }
}
