package dev.nonstop.sample.endpoints;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.nonstop.sample.http.Responses;
import java.io.IOException;
import java.util.Map;

/** {@code GET /health}: 200 {@code {"status":"UP"}} for as long as the process serves (liveness). */
public final class HealthEndpoint implements HttpHandler {

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Responses.json(exchange, 200, Map.of("status", "UP"));
    }
}
