package dev.nonstop.cli.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nonstop.common.problem.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The controller's REST API ({@code openapi/controller.yaml} of {@code nonstop-controller}) over {@link HttpClient}, JSON in
 * and out. Every call blocks; a refusal throws {@link ControllerApiException} with the server's {@code error} and
 * {@code problems}, no connection throws {@link ControllerUnreachableException}.
 *
 * <pre>{@code
 * ControllerClient client = new ControllerClient(URI.create("http://127.0.0.1:9070"), Optional.of(token), "...");
 * JsonNode release = client.startRelease(spec);
 * client.events(release.path("id").asText(), event -> System.out.println(event.event()));
 * }</pre>
 */
public final class ControllerClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final Optional<String> token;
    private final String tokenHint;
    private final HttpClient http;

    /**
     * @param base the controller, {@code http://127.0.0.1:9070}; the API's paths are appended to it
     * @param token the bearer token; when empty, calls go without one and a 401 says where a token is looked for
     * @param tokenHint where the token came from or was looked for, for the message of a 401
     */
    public ControllerClient(URI base, Optional<String> token, String tokenHint) {
        this.base = Objects.requireNonNull(base, "base");
        this.token = Objects.requireNonNull(token, "token");
        this.tokenHint = Objects.requireNonNull(tokenHint, "tokenHint");
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** The controller's address. */
    public URI base() {
        return base;
    }

    /** {@code GET /api/apps}: every app with its instances. */
    public List<JsonNode> apps() {
        return list(send(get("/api/apps")), "apps");
    }

    /** {@code GET /api/apps/{app}}: the app with its settings and instances. */
    public JsonNode app(String app) {
        return send(get("/api/apps/" + encode(app)));
    }

    /** {@code POST /api/apps/{app}/settings}: replaces the app's settings; the app after it. */
    public JsonNode updateAppSettings(String app, ObjectNode settings) {
        return send(post("/api/apps/" + encode(app) + "/settings", settings.toString()));
    }

    /** {@code GET /api/releases?app=}: the app's releases, newest first. */
    public List<JsonNode> releases(String app) {
        return list(send(get("/api/releases?app=" + encode(app))), "releases");
    }

    /** {@code GET /api/releases/{id}}: the release with its spec and each instance's progress. */
    public JsonNode release(String id) {
        return send(get("/api/releases/" + encode(id)));
    }

    /** {@code POST /api/releases}: starts a release; the release as created. */
    public JsonNode startRelease(ObjectNode spec) {
        return send(post("/api/releases", spec.toString()));
    }

    /** {@code POST /api/releases/{id}/{command}}: pause, resume, abort or rollback; the release after it. */
    public JsonNode command(String id, String command) {
        return send(post("/api/releases/" + encode(id) + "/" + command, null));
    }

    /**
     * {@code GET /api/releases/{id}/events}: hands every event to {@code listener}, in order, until the server closes
     * the stream (after {@code end}, or when it stops).
     */
    public void events(String id, Consumer<ServerSentEvent> listener) {
        HttpRequest request = request("/api/releases/" + encode(id) + "/events")
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        HttpResponse<Stream<String>> response = exchange(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            String body;
            try (Stream<String> lines = response.body()) {
                body = String.join("\n", lines.toList());
            }
            throw refusal(response.statusCode(), body);
        }
        ServerSentEvent.Parser parser = new ServerSentEvent.Parser(listener);
        try (Stream<String> lines = response.body()) {
            lines.forEach(parser::line);
        } catch (UncheckedIOException e) {
            throw new ControllerException(
                    "the event stream of release " + id + " from " + base + " broke: " + e.getCause(), e);
        }
    }

    private HttpRequest get(String path) {
        return request(path).timeout(CALL_TIMEOUT).GET().build();
    }

    private HttpRequest post(String path, String json) {
        HttpRequest.Builder b = request(path).timeout(CALL_TIMEOUT);
        if (json == null) {
            return b.POST(HttpRequest.BodyPublishers.noBody()).build();
        }
        return b.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/json");
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return b;
    }

    private JsonNode send(HttpRequest request) {
        HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() / 100 != 2) {
            throw refusal(response.statusCode(), response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new ControllerException(
                    request.method() + " " + request.uri() + ": the answer is not JSON: " + e.getOriginalMessage());
        }
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new ControllerUnreachableException(base, e);
        } catch (IOException e) {
            throw new ControllerException(
                    request.method() + " " + request.uri() + ": no answer from the controller: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControllerException(request.method() + " " + request.uri() + ": interrupted", e);
        }
    }

    private ControllerApiException refusal(int status, String body) {
        String error = null;
        List<Problem> problems = new ArrayList<>();
        try {
            JsonNode json = JSON.readTree(body);
            if (json != null && json.path("error").isTextual()) {
                error = json.path("error").asText();
                json.path("problems")
                        .forEach(p -> problems.add(new Problem(
                                p.path("path").asText(), p.path("message").asText())));
            }
        } catch (JsonProcessingException e) {
            // not the API's error format: say what came
        }
        if (error == null) {
            String shown = body == null ? "" : body.strip();
            error = "HTTP " + status
                    + (shown.isEmpty() ? "" : ": " + shown.substring(0, Math.min(200, shown.length())));
        }
        if (status == 401) {
            error = error + " (token: " + tokenHint + ")";
        }
        return new ControllerApiException(status, error, problems);
    }

    private static List<JsonNode> list(JsonNode body, String field) {
        List<JsonNode> result = new ArrayList<>();
        body.path(field).forEach(result::add);
        return result;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
