package dev.nonstop.sample.endpoints;

import dev.nonstop.sample.http.Router;
import dev.nonstop.sample.http.Router.Traffic;
import dev.nonstop.sample.lifecycle.InFlightRequests;
import dev.nonstop.sample.lifecycle.InstanceLifecycle;
import dev.nonstop.sample.session.SessionSigner;
import java.util.Optional;

/** Puts every endpoint of the sample app on a {@link Router}. */
public final class Endpoints {

    private Endpoints() {}

    /**
     * @param instance who answers
     * @param signer signs and checks session cookies
     * @param state readiness, drained or not
     * @param inFlight application requests in progress
     * @param appToken the drain endpoints' bearer token; empty refuses every drain request
     * @param failSmoke {@code GET /version} answers 500
     */
    public static Router router(
            Instance instance,
            SessionSigner signer,
            InstanceLifecycle state,
            InFlightRequests inFlight,
            Optional<String> appToken,
            boolean failSmoke) {
        CurrentSession sessions = new CurrentSession(signer);
        StatusEndpoint status = new StatusEndpoint(state, inFlight, instance);
        return new Router(inFlight)
                .route("GET", "/", Traffic.APPLICATION, new PageEndpoint(sessions, instance))
                .route("POST", "/login", Traffic.APPLICATION, new LoginEndpoint(sessions, instance))
                .route("POST", "/logout", Traffic.APPLICATION, new LogoutEndpoint())
                .route("GET", "/me", Traffic.APPLICATION, new MeEndpoint(sessions, instance))
                .route("GET", "/slow", Traffic.APPLICATION, new SlowEndpoint(instance))
                .route("POST", "/orders", Traffic.APPLICATION, new OrdersEndpoint(instance))
                .route("GET", "/version", Traffic.APPLICATION, new VersionEndpoint(instance, failSmoke))
                .route("GET", "/ready", Traffic.CONTROL, new ReadyEndpoint(state, instance))
                .route("GET", "/health", Traffic.CONTROL, new HealthEndpoint())
                .route("GET", "/nonstop/status", Traffic.CONTROL, status)
                .route("POST", "/nonstop/drain", Traffic.CONTROL, new DrainEndpoint(appToken, state::drain, status))
                .route("POST", "/nonstop/resume", Traffic.CONTROL, new DrainEndpoint(appToken, state::resume, status));
    }
}
