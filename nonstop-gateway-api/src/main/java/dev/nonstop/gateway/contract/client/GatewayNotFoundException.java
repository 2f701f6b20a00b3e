package dev.nonstop.gateway.contract.client;

/** The gateway knows no such member (404). */
public final class GatewayNotFoundException extends GatewayAdminException {
    private static final long serialVersionUID = 1L;

    public GatewayNotFoundException(String message) {
        super(message, 404, null);
    }
}
