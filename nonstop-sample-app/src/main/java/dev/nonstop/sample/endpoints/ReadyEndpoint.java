package dev.nonstop.sample.endpoints;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.nonstop.sample.http.Responses;
import dev.nonstop.sample.lifecycle.InstanceLifecycle;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /ready}: 200 {@code {"ready":true,..}} once warmed up; 503 with the reason
 * ({@code starting}, {@code draining}, {@code stopping}, {@code failing}) otherwise.
 */
public final class ReadyEndpoint implements HttpHandler {

    private final InstanceLifecycle state;
    private final Instance instance;

    ReadyEndpoint(InstanceLifecycle state, Instance instance) {
        this.state = state;
        this.instance = instance;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        InstanceLifecycle.Readiness readiness = state.readiness();
        boolean ready = readiness == InstanceLifecycle.Readiness.READY;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ready", ready);
        body.put("state", readiness.name().toLowerCase(Locale.ROOT));
        body.put("version", instance.version().name());
        body.put("instance", instance.id());
        Responses.json(exchange, ready ? 200 : 503, body);
    }
}
