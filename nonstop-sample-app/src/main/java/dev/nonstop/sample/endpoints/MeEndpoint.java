package dev.nonstop.sample.endpoints;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.nonstop.sample.http.Responses;
import dev.nonstop.sample.session.Session;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /me}: 200 {@code {"user":..,"instance":..,"version":..}} with a valid session cookie,
 * 401 without one. A 401 for a user who logged in is a user logged out by a release.
 */
public final class MeEndpoint implements HttpHandler {

    private final CurrentSession sessions;
    private final Instance instance;

    MeEndpoint(CurrentSession sessions, Instance instance) {
        this.sessions = sessions;
        this.instance = instance;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Optional<Session> session = sessions.of(exchange);
        if (session.isEmpty()) {
            Responses.error(exchange, 401, "not logged in (no valid SAMPLE_SESSION cookie)");
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", session.get().user());
        body.put("instance", instance.id());
        body.put("version", instance.version().name());
        Responses.json(exchange, 200, body);
    }
}
