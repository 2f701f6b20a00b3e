package dev.nonstop.spring.boot.session;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.session.WebSessionIdResolver;

/**
 * Puts session ids in WebFlux's session cookie Base64-encoded, as Spring Session's servlet {@code
 * DefaultCookieSerializer} does, so one {@code SESSION} cookie finds the same session in a Spring
 * MVC and a WebFlux version of an app. The cookie itself (name, path, {@code HttpOnly}, {@code
 * SameSite}, ...) is the delegate's; a value that is not Base64 names no session.
 */
final class Base64CookieSessionIdResolver implements WebSessionIdResolver {

    private final WebSessionIdResolver cookies;

    Base64CookieSessionIdResolver(WebSessionIdResolver cookies) {
        this.cookies = cookies;
    }

    @Override
    public List<String> resolveSessionIds(ServerWebExchange exchange) {
        List<String> ids = new ArrayList<>();
        for (String value : cookies.resolveSessionIds(exchange)) {
            try {
                ids.add(new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException notBase64) {
                // not a cookie of ours: no session
            }
        }
        return ids;
    }

    @Override
    public void setSessionId(ServerWebExchange exchange, String id) {
        cookies.setSessionId(exchange, Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void expireSession(ServerWebExchange exchange) {
        cookies.expireSession(exchange);
    }
}
