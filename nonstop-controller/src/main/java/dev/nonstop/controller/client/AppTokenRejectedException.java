package dev.nonstop.controller.client;

/**
 * The app answered 401 or 403 to the controller's app token: the instance runs with another {@code NONSTOP_APP_TOKEN}
 * than the controller's {@code appToken}. Never taken for an app without the contract.
 */
public final class AppTokenRejectedException extends AppProbeException {
    private static final long serialVersionUID = 1L;

    public AppTokenRejectedException(String where, String request, int status) {
        super(
                "appToken: app at " + where + " refused the app token on " + request + " (" + status
                        + ") (expected: the instance's NONSTOP_APP_TOKEN to be the controller's appToken; restart the"
                        + " instance with the token the controller gives, or set the controller's appToken to the"
                        + " app's)",
                null);
    }
}
