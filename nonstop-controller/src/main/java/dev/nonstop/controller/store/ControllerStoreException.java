package dev.nonstop.controller.store;

/** The store failed or refused a write. Subclasses say why a write was refused. */
public class ControllerStoreException extends RuntimeException {

    public ControllerStoreException(String message) {
        super(message);
    }

    public ControllerStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
