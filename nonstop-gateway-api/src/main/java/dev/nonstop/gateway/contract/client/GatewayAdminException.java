package dev.nonstop.gateway.contract.client;

/**
 * A gateway admin call that failed: the gateway could not be reached in time ({@link #status()} 0) or answered with
 * an error status. Subclasses name the refusals a caller acts on.
 */
public class GatewayAdminException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public GatewayAdminException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status, or 0 when no response came. */
    public int status() {
        return status;
    }
}
