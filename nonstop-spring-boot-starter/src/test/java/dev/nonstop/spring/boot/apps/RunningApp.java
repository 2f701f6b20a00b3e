package dev.nonstop.spring.boot.apps;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** A Spring Boot app started on an ephemeral loopback port, with a small HTTP client for it. */
public final class RunningApp implements AutoCloseable {

    public static final String TOKEN = "starter-test-token";

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final ConfigurableApplicationContext context;
    private final int port;

    private RunningApp(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    /** Starts {@code app} with the contract's token, on 127.0.0.1:0, plus {@code properties}. */
    public static RunningApp start(Class<?> app, WebApplicationType type, String... properties) {
        List<String> all = new ArrayList<>(List.of(
                "server.port=0",
                "server.address=127.0.0.1",
                "nonstop.app.token=" + TOKEN,
                "spring.main.banner-mode=off",
                "logging.level.root=warn"));
        all.addAll(List.of(properties));
        return new RunningApp(new SpringApplicationBuilder(app)
                .web(type)
                .properties(all.toArray(String[]::new))
                .run());
    }

    /**
     * Starts {@code app} as {@link #start} does, with {@code environment} seen as environment
     * variables (the way the Nonstop agent hands settings to an instance).
     */
    public static RunningApp startWithEnvironment(Class<?> app, Map<String, Object> environment, String... properties) {
        return startWithEnvironment(app, WebApplicationType.SERVLET, environment, properties);
    }

    /** {@link #startWithEnvironment(Class, Map, String...)} for a web application of {@code type}. */
    public static RunningApp startWithEnvironment(
            Class<?> app, WebApplicationType type, Map<String, Object> environment, String... properties) {
        List<String> all = new ArrayList<>(List.of(
                "server.port=0",
                "server.address=127.0.0.1",
                "nonstop.app.token=" + TOKEN,
                "spring.main.banner-mode=off",
                "logging.level.root=warn"));
        all.addAll(List.of(properties));
        return new RunningApp(new SpringApplicationBuilder(app)
                .web(type)
                .properties(all.toArray(String[]::new))
                .initializers(context -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource("nonstop-agent-environment", environment)))
                .run());
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public int port() {
        return port;
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send("GET", path, headers);
    }

    public HttpResponse<String> post(String path, String... headers) {
        return send("POST", path, headers);
    }

    /** A contract request with the right token. */
    public HttpResponse<String> nonstop(String method, String path) {
        return send(method, path, "Authorization", "Bearer " + TOKEN);
    }

    public CompletableFuture<HttpResponse<String>> getAsync(String path) {
        return CLIENT.sendAsync(request("GET", path), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> send(String method, String path, String... headers) {
        try {
            return CLIENT.send(request(method, path, headers), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest request(String method, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return request.build();
    }

    /** The {@code name=value} of the session cookie a response set, for the next request's Cookie header. */
    public static String sessionCookie(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("SESSION="))
                .map(c -> c.substring(0, c.indexOf(';')))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no SESSION cookie in " + response.headers()));
    }

    @Override
    public void close() {
        context.close();
    }
}
