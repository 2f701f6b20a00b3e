package dev.nonstop.controller.store;

/** The app, instance or release named does not exist: {@code release 42: not found}. */
public final class NotFoundException extends ControllerStoreException {

    public NotFoundException(String kind, String id) {
        super(kind + " " + id + ": not found");
    }
}
