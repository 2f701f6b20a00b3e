package dev.nonstop.gateway.contract.client;

/**
 * The gateway refused a mutation because it saw a higher fencing token for the release (409): another controller
 * took the release over. The caller must stop acting on the release.
 */
public final class GatewayFencedOutException extends GatewayAdminException {
    private static final long serialVersionUID = 1L;

    public GatewayFencedOutException(String message) {
        super(message, 409, null);
    }
}
