package dev.nonstop.cli.release;

import java.net.URI;

/** Nothing accepted a connection at the controller's address: it is not running, or runs elsewhere. */
public final class ControllerUnreachableException extends ControllerException {
    private final transient URI controller;

    public ControllerUnreachableException(URI controller, Throwable cause) {
        super(
                "the controller is not reachable at " + controller + " (" + why(cause) + ");"
                        + " start one with `nonstop up`, or point --controller (or NONSTOP_CONTROLLER) at it",
                cause);
        this.controller = controller;
    }

    private static String why(Throwable cause) {
        return cause.getMessage() == null || cause.getMessage().isBlank() ? "connection refused" : cause.getMessage();
    }

    /** The address tried. */
    public URI controller() {
        return controller;
    }
}
