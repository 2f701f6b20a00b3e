package dev.nonstop.gateway.contract.client;

/** The gateway refused the admin token (401). */
public final class GatewayUnauthorizedException extends GatewayAdminException {
    private static final long serialVersionUID = 1L;

    public GatewayUnauthorizedException(String message) {
        super(message, 401, null);
    }
}
