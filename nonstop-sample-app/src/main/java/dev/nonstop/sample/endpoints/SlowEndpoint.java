package dev.nonstop.sample.endpoints;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.nonstop.sample.http.Forms;
import dev.nonstop.sample.http.Responses;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /slow?ms=N}: answers after N ms (0-60000, default 1000), a long request to drain. */
public final class SlowEndpoint implements HttpHandler {

    static final long MAX_MS = 60_000;
    private static final long DEFAULT_MS = 1_000;

    private final Instance instance;

    SlowEndpoint(Instance instance) {
        this.instance = instance;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long ms;
        try {
            ms = millis(Forms.parse(exchange.getRequestURI().getRawQuery()).get("ms"));
        } catch (IllegalArgumentException e) {
            Responses.error(exchange, 400, e.getMessage());
            return;
        }
        try {
            // The point of this endpoint: a request that holds its thread for a while.
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Responses.error(exchange, 503, "interrupted");
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ms", ms);
        body.put("instance", instance.id());
        body.put("version", instance.version().name());
        Responses.json(exchange, 200, body);
    }

    private static long millis(String value) {
        if (value == null || value.isEmpty()) {
            return DEFAULT_MS;
        }
        try {
            long ms = Long.parseLong(value);
            if (ms >= 0 && ms <= MAX_MS) {
                return ms;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("ms: " + value + " (expected: milliseconds 0-" + MAX_MS + ")");
    }
}
