package dev.nonstop.gateway.contract;

import java.util.Locale;
import java.util.Objects;

/**
 * Sends requests whose host and path match to an app.
 *
 * @param host exact host name without port, case-insensitive; {@code null} or {@code "*"} for any
 * @param pathPrefix must start with {@code /}; {@code /} matches everything
 */
public record Route(String host, String pathPrefix, String app) {
    public Route {
        Objects.requireNonNull(pathPrefix, "pathPrefix");
        Objects.requireNonNull(app, "app");
        if (host != null) {
            host = host.equals("*") ? null : host.toLowerCase(Locale.ROOT);
        }
    }

    public static Route any(String app) {
        return new Route(null, "/", app);
    }

    /**
     * @param requestHost lower-case host without port, may be {@code null}
     * @param path the request path without query
     */
    public boolean matches(String requestHost, String path) {
        if (host != null && !host.equals(requestHost)) {
            return false;
        }
        if (!path.startsWith(pathPrefix)) {
            return false;
        }
        // "/api" matches "/api", "/api/x" and "/api?..." but not "/apix".
        return pathPrefix.endsWith("/")
                || path.length() == pathPrefix.length()
                || path.charAt(pathPrefix.length()) == '/';
    }
}
