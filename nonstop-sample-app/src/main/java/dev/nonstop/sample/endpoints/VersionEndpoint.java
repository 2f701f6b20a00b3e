package dev.nonstop.sample.endpoints;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.nonstop.sample.http.Responses;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /version}: {@code {"version":..,"instance":..}}, the release's smoke check. With
 * {@code SAMPLE_FAIL_SMOKE} it answers 500, to test a release whose new version fails its check.
 */
public final class VersionEndpoint implements HttpHandler {

    private final Instance instance;
    private final boolean failSmoke;

    VersionEndpoint(Instance instance, boolean failSmoke) {
        this.instance = instance;
        this.failSmoke = failSmoke;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", instance.version().name());
        body.put("instance", instance.id());
        if (failSmoke) {
            body.put("error", "SAMPLE_FAIL_SMOKE is set");
        }
        Responses.json(exchange, failSmoke ? 500 : 200, body);
    }
}
