package dev.nonstop.sample.endpoints;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.nonstop.sample.http.Responses;
import dev.nonstop.sample.lifecycle.InFlightRequests;
import dev.nonstop.sample.lifecycle.InstanceLifecycle;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /nonstop/status}: {@code {"inFlight":N,"draining":..,"idle":..,"version":..,"instance":..}},
 * where {@code idle} is {@code draining && inFlight == 0}: what a release waits for before it stops
 * the instance. Read-only, so no token is needed. Also the answer of drain and resume.
 */
public final class StatusEndpoint implements HttpHandler {

    private final InstanceLifecycle state;
    private final InFlightRequests inFlight;
    private final Instance instance;

    StatusEndpoint(InstanceLifecycle state, InFlightRequests inFlight, Instance instance) {
        this.state = state;
        this.inFlight = inFlight;
        this.instance = instance;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Responses.json(exchange, 200, status());
    }

    Map<String, Object> status() {
        // Read draining first: a request counted after this read cannot make a drained instance look idle late.
        boolean draining = state.isDraining();
        int count = inFlight.count();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("inFlight", count);
        body.put("draining", draining);
        body.put("idle", draining && count == 0);
        body.put("version", instance.version().name());
        body.put("instance", instance.id());
        return body;
    }
}
