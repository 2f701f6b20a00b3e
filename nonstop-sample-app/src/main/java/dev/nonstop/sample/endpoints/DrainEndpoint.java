package dev.nonstop.sample.endpoints;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.nonstop.sample.http.Responses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * {@code POST /nonstop/drain} and {@code POST /nonstop/resume}: switch draining on or off and
 * answer the status. They need {@code Authorization: Bearer <NONSTOP_APP_TOKEN>}, compared in
 * constant time; anything else is 401, and everything is 401 when no token is configured.
 */
public final class DrainEndpoint implements HttpHandler {

    private static final String BEARER = "Bearer ";

    private final Optional<byte[]> token;
    private final Runnable action;
    private final StatusEndpoint status;

    DrainEndpoint(Optional<String> token, Runnable action, StatusEndpoint status) {
        this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8));
        this.action = action;
        this.status = status;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            Responses.error(exchange, 401, "a valid Authorization: Bearer <NONSTOP_APP_TOKEN> header is required");
            return;
        }
        action.run();
        Responses.json(exchange, 200, status.status());
    }

    private boolean authorized(String header) {
        if (token.isEmpty() || header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] presented = header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(token.get(), presented);
    }
}
