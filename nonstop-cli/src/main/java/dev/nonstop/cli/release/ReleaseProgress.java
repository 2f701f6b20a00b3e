package dev.nonstop.cli.release;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a client knows of one release from its event stream: the release's state and, per instance, the latest
 * step, since when and (when the event carried it) how many requests were in flight. The stream may repeat a step
 * (a replayed step row, then its live transition); the latest word wins and nothing goes backwards in time.
 *
 * <p>Not thread-safe: the follower thread applies events, a view reads under the view's own lock.
 */
final class ReleaseProgress {
    /** One instance's place in the release. */
    record Row(String instanceId, String step, String status, Instant since, OptionalInt inFlight, String detail) {}

    private final String releaseId;
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private String app = "?";
    private String fromVersion = "?";
    private String toVersion = "?";
    private String state = "?";
    private Optional<String> error = Optional.empty();
    private Optional<Instant> createdAt = Optional.empty();
    private Optional<Instant> settledAt = Optional.empty();

    ReleaseProgress(String releaseId) {
        this.releaseId = releaseId;
    }

    /** The {@code release} event: the release as stored when the stream began. */
    void onRelease(JsonNode r) {
        app = r.path("app").asText(app);
        fromVersion = r.path("fromVersion").asText(fromVersion);
        toVersion = r.path("toVersion").asText(toVersion);
        state = r.path("state").asText(state);
        error = text(r, "error").or(() -> error);
        createdAt = instant(r, "createdAt").or(() -> createdAt);
        if (isSettled(state)) {
            settledAt = instant(r, "updatedAt");
        }
    }

    /**
     * A replayed {@code step} row.
     *
     * @return the row now, and how long the step took when the row finished it
     */
    Optional<Row> onStep(JsonNode s) {
        String id = s.path("instanceId").asText("");
        Optional<Instant> started = instant(s, "startedAt");
        if (id.isEmpty() || started.isEmpty()) {
            return Optional.empty();
        }
        Instant since = instant(s, "finishedAt").orElse(started.get());
        return put(new Row(
                id,
                s.path("step").asText("?"),
                s.path("status").asText("?"),
                since,
                inFlight(s),
                s.path("detail").asText("")));
    }

    /**
     * A live {@code transition}.
     *
     * @return how long the instance was in the step it left, when its arrival there was seen
     */
    Optional<Duration> onTransition(JsonNode t) {
        String id = t.path("instanceId").asText("");
        Optional<Instant> at = instant(t, "at");
        if (id.isEmpty() || at.isEmpty()) {
            return Optional.empty();
        }
        Row before = rows.get(id);
        Optional<Duration> took = before == null || before.since().isAfter(at.get())
                ? Optional.empty()
                : Optional.of(Duration.between(before.since(), at.get()));
        put(new Row(
                id,
                t.path("to").asText("?"),
                "DONE",
                at.get(),
                inFlight(t),
                t.path("detail").asText("")));
        return took;
    }

    /** A live {@code progress} event: the in-flight count of a draining instance; its step stays. */
    void onInFlight(JsonNode p) {
        Row row = rows.get(p.path("instanceId").asText(""));
        if (row != null) {
            rows.put(
                    row.instanceId(),
                    new Row(row.instanceId(), row.step(), row.status(), row.since(), inFlight(p), row.detail()));
        }
    }

    /**
     * A live {@code traffic} event of a gray release: its row {@code traffic@<step>} (or {@code traffic} for the
     * promotion and the rollback) shows the event's kind and detail, the gate's figures included.
     *
     * @return the row now
     */
    Optional<Row> onTraffic(JsonNode t) {
        Optional<Instant> at = instant(t, "at");
        if (at.isEmpty()) {
            return Optional.empty();
        }
        int step = t.path("step").asInt(0);
        return put(new Row(
                step > 0 ? "traffic@" + step : "traffic",
                t.path("kind").asText("?"),
                "",
                at.get(),
                OptionalInt.empty(),
                t.path("detail").asText("")));
    }

    /** A live {@code state} change of the whole release. */
    void onState(JsonNode s) {
        state = s.path("to").asText(state);
        error = text(s, "error").or(() -> error);
        if (isSettled(state)) {
            settledAt = instant(s, "at").or(() -> settledAt);
        }
    }

    /** The {@code end} event: the release settled in {@code endState}. */
    void onEnd(JsonNode e) {
        state = e.path("state").asText(state);
    }

    private Optional<Row> put(Row row) {
        Row before = rows.get(row.instanceId());
        if (before != null && before.since().isAfter(row.since())) {
            return Optional.empty();
        }
        rows.put(row.instanceId(), row);
        return Optional.of(row);
    }

    void error(String error) {
        this.error = Optional.ofNullable(error).filter(e -> !e.isBlank());
    }

    String releaseId() {
        return releaseId;
    }

    String app() {
        return app;
    }

    String fromVersion() {
        return fromVersion;
    }

    String toVersion() {
        return toVersion;
    }

    String state() {
        return state;
    }

    Optional<String> error() {
        return error;
    }

    Optional<Instant> createdAt() {
        return createdAt;
    }

    /** From creation to settling, when both are known. */
    Optional<Duration> took() {
        return createdAt.flatMap(c -> settledAt.map(s -> Duration.between(c, s)));
    }

    List<Row> rows() {
        return new ArrayList<>(rows.values());
    }

    static boolean isSettled(String state) {
        return switch (state) {
            case "SUCCEEDED", "FAILED", "ABORTED", "ROLLED_BACK" -> true;
            default -> false;
        };
    }

    private static OptionalInt inFlight(JsonNode n) {
        JsonNode v = n.get("inFlight");
        return v != null && v.canConvertToInt() && v.isIntegralNumber()
                ? OptionalInt.of(v.intValue())
                : OptionalInt.empty();
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText()) : Optional.empty();
    }

    private static Optional<Instant> instant(JsonNode n, String field) {
        try {
            return text(n, field).map(Instant::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
