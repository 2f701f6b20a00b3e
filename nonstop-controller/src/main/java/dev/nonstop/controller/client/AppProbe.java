package dev.nonstop.controller.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Requests sent straight to an instance's {@code host:port}, never through a gateway, so that what they observe is
 * the instance itself: readiness, smoke checks, the app's own drain status and the drain command. Thread-safe; each
 * request is bounded by the timeout.
 *
 * <p>The app side's contract ({@code nonstop-app}, the Spring Boot starter, the sample app): {@code GET
 * /nonstop/status} answers {@code {"inFlight", "draining", "idle", "version", "participants"}}, each participant
 * {@code {"name", "idle", "inFlight", "detail"}} (participants may be missing: an older app); it,
 * {@code POST /nonstop/drain} and {@code POST /nonstop/resume} need {@code Authorization: Bearer <app token>}, which this probe sends on each of them.
 * A 401 or 403 there is an {@link AppTokenRejectedException}; a 404 means the app does not speak the contract
 * ({@link #contract}).
 */
public final class AppProbe {
    /** How long one request may take when not told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATUS = "/nonstop/status";

    private final HttpClient http;
    private final Duration timeout;
    private final Optional<String> appToken;

    private AppProbe(Duration timeout, Optional<String> appToken) {
        this.timeout = timeout;
        this.appToken = appToken;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    /**
     * @param appToken the bearer token of the app's drain endpoints; null when the app has none (drain is then
     *     skipped and only the status is read)
     */
    public static AppProbe create(Duration timeout, String appToken) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
        return new AppProbe(timeout, Optional.ofNullable(appToken));
    }

    /** The status of {@code method path} on the instance. */
    public int status(String host, int port, String method, String path) {
        return send(host, port, method, path, null).statusCode();
    }

    /** Whether {@code GET readinessPath} answers 2xx; false when it answers otherwise or not at all. */
    public boolean isReady(String host, int port, String readinessPath) {
        try {
            int status = status(host, port, "GET", readinessPath);
            return status >= 200 && status < 300;
        } catch (AppProbeException e) {
            return false;
        }
    }

    /**
     * The readiness paths {@link #findReadiness} tries, in this order: Spring Boot's readiness group (the agent turns
     * Spring Boot's probes on in every instance it starts), Quarkus, Micronaut, Helidon and MicroProfile Health,
     * {@code /ready} (the sample app's, and many hand-written apps'), Spring Boot's whole health when its app turned
     * the probes off, {@code /health}, and last the root, which counts only when it answers 2xx.
     */
    public static final List<String> READINESS_CANDIDATES = List.of(
            "/actuator/health/readiness",
            "/q/health/ready",
            "/health/readiness",
            "/health/ready",
            "/ready",
            "/actuator/health",
            "/health",
            "/");

    /**
     * What one pass of {@link #findReadiness} found.
     *
     * @param path the first candidate the app serves as a readiness path; empty when none (yet)
     * @param ready whether that path answered 2xx
     * @param answered whether the app answered HTTP at all (false: not listening yet, or too slow)
     * @param tried each candidate asked and its answer ({@code "/ready 404"}), for messages
     */
    public record ReadinessFinding(Optional<String> path, boolean ready, boolean answered, List<String> tried) {
        public ReadinessFinding {
            Objects.requireNonNull(path, "path");
            tried = List.copyOf(tried);
        }
    }

    /**
     * Asks the {@link #READINESS_CANDIDATES} in order and stops at the first that the app serves as a readiness
     * path: one that answers 2xx (ready), or 5xx (there, not ready yet: Spring Boot's 503 while it refuses traffic).
     * A candidate is passed over when it answers 404, 405, a redirect, 401 or 403 (a login in the way), or any other
     * 4xx; the root only counts when it answers 2xx. When the app does not answer at all, the pass stops there.
     */
    public ReadinessFinding findReadiness(String host, int port) {
        List<String> tried = new ArrayList<>();
        for (String path : READINESS_CANDIDATES) {
            int status;
            try {
                status = status(host, port, "GET", path);
            } catch (AppProbeException e) {
                tried.add(path + " no answer");
                // Answered before when this is not the first candidate: that one was slow, not down.
                return new ReadinessFinding(Optional.empty(), false, tried.size() > 1, tried);
            }
            tried.add(path + " " + status);
            boolean ok = status >= 200 && status < 300;
            if (ok || (status >= 500 && !path.equals("/"))) {
                return new ReadinessFinding(Optional.of(path), ok, true, tried);
            }
        }
        return new ReadinessFinding(Optional.empty(), false, true, tried);
    }

    /** {@code GET /nonstop/status}, with the app token. */
    public AppStatus appStatus(String host, int port) {
        return parseStatus(host, port, "GET /nonstop/status", send(host, port, "GET", STATUS, appToken.orElse(null)));
    }

    /** Whether an app speaks the contract, as one {@code GET /nonstop/status} found. */
    public record Contract(boolean spoken, String reason) {}

    /**
     * One quick {@code GET /nonstop/status}: spoken when it answers 200, not spoken when it answers anything else but
     * a refusal of the token (404: no such endpoint) or nothing at all; the reason says which.
     *
     * @throws AppTokenRejectedException on 401 or 403: the app speaks the contract with another token
     */
    public Contract contract(String host, int port) {
        HttpResponse<String> response;
        try {
            response = send(host, port, "GET", STATUS, appToken.orElse(null));
        } catch (AppProbeException e) {
            return new Contract(false, "no answer: " + e.getMessage());
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new AppTokenRejectedException(host + ":" + port, "GET " + STATUS, status);
        }
        return new Contract(status == 200, String.valueOf(status));
    }

    /**
     * {@code POST /nonstop/drain} with the app token: the app stops taking new work and reports idle once its work
     * is done. Repeating it is harmless.
     *
     * @return the status the app answers with
     * @throws AppProbeException when the app refuses (no token, wrong token) or does not answer
     */
    public AppStatus drain(String host, int port) {
        if (appToken.isEmpty()) {
            return appStatus(host, port);
        }
        return parseStatus(
                host, port, "POST /nonstop/drain", send(host, port, "POST", "/nonstop/drain", appToken.get()));
    }

    /** {@code POST /nonstop/resume} with the app token: the app takes new work again. */
    public AppStatus resume(String host, int port) {
        if (appToken.isEmpty()) {
            return appStatus(host, port);
        }
        return parseStatus(
                host, port, "POST /nonstop/resume", send(host, port, "POST", "/nonstop/resume", appToken.get()));
    }

    /**
     * The body of {@code method path} on the instance, with its status, for a smoke check that looks at the body.
     */
    public HttpResponse<String> send(String host, int port, String method, String path) {
        return send(host, port, method, path, null);
    }

    private AppStatus parseStatus(String host, int port, String request, HttpResponse<String> response) {
        String where = host + ":" + port;
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new AppTokenRejectedException(where, request, response.statusCode());
        }
        if (response.statusCode() != 200) {
            throw new AppProbeException(where + ": /nonstop status " + response.statusCode(), null);
        }
        try {
            return parseStatus(response.body());
        } catch (IOException e) {
            throw new AppProbeException(where + ": unreadable status " + response.body(), e);
        }
    }

    /**
     * The status in {@code body}. Tolerant: a missing {@code participants} (an older app, another implementation)
     * is an empty list, and an entry that is not an object with a {@code name} is left out.
     *
     * @throws IOException when the body is not JSON
     */
    static AppStatus parseStatus(String body) throws IOException {
        JsonNode s = JSON.readTree(body);
        if (s == null || !s.isObject()) {
            throw new IOException("not a JSON object");
        }
        List<AppStatus.Participant> participants = new ArrayList<>();
        for (JsonNode p : s.path("participants")) {
            JsonNode name = p.path("name");
            if (p.isObject() && name.isTextual() && !name.asText().isBlank()) {
                participants.add(new AppStatus.Participant(
                        name.asText(),
                        p.path("idle").asBoolean(),
                        p.path("inFlight").asLong(),
                        p.path("detail").isTextual() ? p.path("detail").asText() : ""));
            }
        }
        return new AppStatus(
                s.path("inFlight").asInt(),
                s.path("draining").asBoolean(),
                s.path("idle").asBoolean(),
                s.path("version").asText(""),
                participants);
    }

    private HttpResponse<String> send(String host, int port, String method, String path, String bearer) {
        Objects.requireNonNull(host, "host");
        URI uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + path);
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(timeout).method(method, HttpRequest.BodyPublishers.noBody());
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AppProbeException(method + " " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AppProbeException(method + " " + uri + ": interrupted", e);
        }
    }
}
