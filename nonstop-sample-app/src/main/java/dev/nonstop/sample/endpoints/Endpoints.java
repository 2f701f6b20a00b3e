package dev.nonstop.sample.endpoints;

import com.sun.net.httpserver.HttpHandler;
import dev.nonstop.app.NonstopApp;
import dev.nonstop.app.NonstopEndpoints;
import dev.nonstop.app.httpserver.NonstopHttpHandler;
import dev.nonstop.sample.http.Router;
import dev.nonstop.sample.http.Router.Traffic;
import dev.nonstop.sample.lifecycle.InstanceLifecycle;
import dev.nonstop.sample.session.SessionSigner;

/** Puts every endpoint of the sample app on a {@link Router}. */
public final class Endpoints {

    private Endpoints() {}

    /**
     * @param instance who answers
     * @param signer signs and checks session cookies
     * @param state readiness: starting, ready, draining or stopping
     * @param app the drain contract (token, draining, participants, in-flight requests), from nonstop-app
     * @param failSmoke {@code GET /version} answers 500
     */
    public static Router router(
            Instance instance, SessionSigner signer, InstanceLifecycle state, NonstopApp app, boolean failSmoke) {
        CurrentSession sessions = new CurrentSession(signer);
        HttpHandler contract = NonstopHttpHandler.endpoints(app);
        return new Router(app.inFlight())
                .route("GET", "/", Traffic.APPLICATION, new PageEndpoint(sessions, instance))
                .route("POST", "/login", Traffic.APPLICATION, new LoginEndpoint(sessions, instance))
                .route("POST", "/logout", Traffic.APPLICATION, new LogoutEndpoint())
                .route("GET", "/me", Traffic.APPLICATION, new MeEndpoint(sessions, instance))
                .route("GET", "/slow", Traffic.APPLICATION, new SlowEndpoint(instance))
                .route("POST", "/orders", Traffic.APPLICATION, new OrdersEndpoint(instance))
                .route("GET", "/version", Traffic.APPLICATION, new VersionEndpoint(instance, failSmoke))
                .route("GET", "/ready", Traffic.CONTROL, new ReadyEndpoint(state, instance))
                .route("GET", "/health", Traffic.CONTROL, new HealthEndpoint())
                .route("GET", NonstopEndpoints.STATUS, Traffic.CONTROL, contract)
                .route("POST", NonstopEndpoints.DRAIN, Traffic.CONTROL, contract)
                .route("POST", NonstopEndpoints.RESUME, Traffic.CONTROL, contract);
    }
}
