package dev.nonstop.spring.boot3;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.springframework.context.ConfigurableApplicationContext;

/** What the Boot 3.5 tests do to their apps: HTTP calls on loopback, cookies, the contract's status, PostgreSQL. */
final class Boot3Http {

    static final HttpClient CLIENT = HttpClient.newHttpClient();

    private Boot3Http() {}

    static URI uri(ConfigurableApplicationContext app, String path) {
        return URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port") + path);
    }

    /** {@code method path} on {@code app}, without a body; {@code headers} in pairs of name and value. */
    static HttpResponse<String> send(
            ConfigurableApplicationContext app, String method, String path, String... headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri(app, path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The body of {@code GET /nonstop/status} with the instance token. */
    static String status(ConfigurableApplicationContext app, String token) {
        return send(app, "GET", "/nonstop/status", "Authorization", "Bearer " + token)
                .body();
    }

    /** {@code name=value} of the cookie {@code name} the response sets. */
    static String cookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(0, c.indexOf(';')))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + response.headers()));
    }

    static Connection postgres() {
        try {
            return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
        } catch (SQLException e) {
            throw new AssertionError(
                    "this test needs PostgreSQL on 127.0.0.1:5432 (database test, user postgres): " + e.getMessage(),
                    e);
        }
    }
}
