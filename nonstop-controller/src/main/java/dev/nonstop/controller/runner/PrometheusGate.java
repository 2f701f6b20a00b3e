package dev.nonstop.controller.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nonstop.controller.release.spec.PrometheusCheck;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Asks Prometheus' HTTP API ({@code GET <url>/api/v1/query?query=...&time=...}) for the value of a gate's query at a
 * step's end, and judges it against the check's maximum. No data (an empty vector, a NaN) fails the gate: a query
 * that sees nothing cannot show that green is healthy.
 */
final class PrometheusGate {
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    private PrometheusGate() {}

    /** The verdict: {@code failure} null when the value is at most the maximum. */
    record Verdict(String query, double value, String failure) {
        boolean passed() {
            return failure == null;
        }

        /** For the gate's figures. */
        String figures() {
            return Double.isNaN(value)
                    ? "prometheus " + query + ": no value"
                    : String.format(Locale.ROOT, "prometheus %s = %s", query, value);
        }
    }

    /** Runs {@code query} (placeholders filled in) at {@code time} and judges it against {@code check.max()}. */
    static Verdict check(PrometheusCheck check, String query, Instant time) {
        double value;
        try {
            value = value(fetch(check.url(), query, time));
        } catch (PrometheusException e) {
            return new Verdict(query, Double.NaN, "prometheus query " + query + " failed: " + e.getMessage());
        }
        if (Double.isNaN(value)) {
            return new Verdict(query, value, "prometheus query " + query + " returned no data (NaN)");
        }
        if (value > check.max()) {
            return new Verdict(
                    query, value, String.format(Locale.ROOT, "prometheus %s = %s > max %s", query, value, check.max()));
        }
        return new Verdict(query, value, null);
    }

    /** The body of the instant query, or why there is none. */
    static String fetch(String baseUrl, String query, Instant time) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        String seconds = String.format(Locale.ROOT, "%d.%03d", time.getEpochSecond(), time.getNano() / 1_000_000);
        URI uri = URI.create(
                base + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&time=" + seconds);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .GET()
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                // Prometheus answers 400/422/503 with a JSON error; keep its message
                String error = errorOf(response.body());
                throw new PrometheusException(
                        "HTTP " + response.statusCode() + " from " + base + (error == null ? "" : ": " + error));
            }
            return response.body();
        } catch (IOException e) {
            throw new PrometheusException(
                    "no answer from " + base + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PrometheusException("interrupted while asking " + base);
        }
    }

    /**
     * The value of a Prometheus query answer: a scalar's value, or the largest sample of an instant vector; NaN when
     * the vector is empty (no data).
     *
     * @throws PrometheusException on an error status, a result type other than vector or scalar, or JSON that is not
     *     the API's
     */
    static double value(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new PrometheusException("not JSON: " + abbreviate(body));
        }
        if (root == null || !root.isObject()) {
            throw new PrometheusException("not a Prometheus API answer: " + abbreviate(body));
        }
        String status = root.path("status").asText();
        if (!"success".equals(status)) {
            String error = root.path("error").asText("");
            throw new PrometheusException("status " + (status.isEmpty() ? "missing" : status)
                    + (error.isEmpty() ? "" : ": " + root.path("errorType").asText("") + " " + error));
        }
        JsonNode data = root.path("data");
        String type = data.path("resultType").asText();
        JsonNode result = data.path("result");
        switch (type) {
            case "scalar":
                return sample(result);
            case "vector":
                if (!result.isArray()) {
                    throw new PrometheusException("data.result of a vector is not an array");
                }
                double max = Double.NaN;
                for (JsonNode s : result) {
                    double v = sample(s.path("value"));
                    if (!Double.isNaN(v) && (Double.isNaN(max) || v > max)) {
                        max = v;
                    }
                }
                return max;
            default:
                throw new PrometheusException("data.resultType " + (type.isEmpty() ? "missing" : type)
                        + " (expected: vector or scalar; a range query is not a gate)");
        }
    }

    /** {@code [time, "value"]}: the value, Prometheus' strings {@code NaN}, {@code +Inf}, {@code -Inf} included. */
    private static double sample(JsonNode pair) {
        if (!pair.isArray() || pair.size() != 2 || !pair.get(1).isTextual()) {
            throw new PrometheusException("a sample is not [time, \"value\"]: " + pair);
        }
        String v = pair.get(1).textValue();
        try {
            return switch (v) {
                case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(v);
            };
        } catch (NumberFormatException e) {
            throw new PrometheusException("a sample's value is not a number: \"" + v + "\"");
        }
    }

    private static String errorOf(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            return root != null && root.hasNonNull("error") ? root.get("error").asText() : abbreviate(body);
        } catch (IOException e) {
            return abbreviate(body);
        }
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }

    /** Prometheus did not give a usable answer. */
    static final class PrometheusException extends RuntimeException {
        PrometheusException(String message) {
            super(message);
        }
    }
}
