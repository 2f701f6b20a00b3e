package dev.nonstop.sample.endpoints;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.nonstop.sample.http.Responses;
import dev.nonstop.sample.session.SessionCookie;
import java.io.IOException;
import java.util.Map;

/**
 * {@code POST /logout}: clears the session cookie; 200 {@code {"loggedOut":true}}, or 303 to
 * {@code /} for a browser. Sessions are stateless, so this only removes the cookie from the client.
 */
public final class LogoutEndpoint implements HttpHandler {

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Set-Cookie", SessionCookie.clear());
        if (CurrentSession.wantsHtml(exchange)) {
            Responses.seeOther(exchange, "/");
            return;
        }
        Responses.json(exchange, 200, Map.of("loggedOut", true));
    }
}
