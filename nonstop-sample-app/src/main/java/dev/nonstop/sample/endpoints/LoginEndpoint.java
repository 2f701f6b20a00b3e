package dev.nonstop.sample.endpoints;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.nonstop.sample.http.Bodies;
import dev.nonstop.sample.http.Forms;
import dev.nonstop.sample.http.Json;
import dev.nonstop.sample.http.Responses;
import dev.nonstop.sample.session.SessionCookie;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /login} with a form ({@code user=NAME}) or JSON ({@code {"user":"NAME"}}): sets the
 * signed session cookie and answers 200 {@code {"user":..,"instance":..,"version":..}}, or 303 to
 * {@code /} for a browser. A missing or unusable name is 400.
 */
public final class LoginEndpoint implements HttpHandler {

    static final int MAX_USER_LENGTH = 64;
    private static final int MAX_BODY = 64 * 1024;

    private final CurrentSession sessions;
    private final Instance instance;

    LoginEndpoint(CurrentSession sessions, Instance instance) {
        this.sessions = sessions;
        this.instance = instance;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String user;
        try {
            user = user(exchange);
        } catch (Bodies.TooLargeException e) {
            Responses.error(exchange, 413, e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            Responses.error(exchange, 400, e.getMessage());
            return;
        }
        String token = sessions.signer().sign(user);
        exchange.getResponseHeaders()
                .add(
                        "Set-Cookie",
                        SessionCookie.set(token, sessions.signer().maxAge().toSeconds()));
        if (CurrentSession.wantsHtml(exchange)) {
            Responses.seeOther(exchange, "/");
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", user);
        body.put("instance", instance.id());
        body.put("version", instance.version().name());
        Responses.json(exchange, 200, body);
    }

    private static String user(HttpExchange exchange) throws IOException {
        String body = new String(Bodies.read(exchange, MAX_BODY), StandardCharsets.UTF_8);
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        boolean json = contentType != null
                ? contentType.toLowerCase(Locale.ROOT).contains("json")
                : body.stripLeading().startsWith("{");
        String user =
                json ? Json.readFlatObject(body).get("user") : Forms.parse(body).get("user");
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("user: missing (expected: a name of 1-" + MAX_USER_LENGTH
                    + " characters, as the form field user=NAME or the JSON {\"user\":\"NAME\"})");
        }
        String trimmed = user.strip();
        if (trimmed.length() > MAX_USER_LENGTH || trimmed.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(
                    "user: too long or has control characters (expected: 1-" + MAX_USER_LENGTH + " characters)");
        }
        return trimmed;
    }
}
