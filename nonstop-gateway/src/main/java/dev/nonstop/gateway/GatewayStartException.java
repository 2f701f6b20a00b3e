package dev.nonstop.gateway;

/** The gateway could not start, typically because its address could not be bound. */
public final class GatewayStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GatewayStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
