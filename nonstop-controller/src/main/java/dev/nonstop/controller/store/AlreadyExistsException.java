package dev.nonstop.controller.store;

/** A create with an id (or instance address) that is already taken. */
public final class AlreadyExistsException extends ControllerStoreException {

    public AlreadyExistsException(String message, Throwable cause) {
        super(message, cause);
    }
}
