package dev.nonstop.cli.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.nonstop.cli.ExitCodes;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;

/**
 * Follows one release's event stream to its {@code end}, keeping {@link ReleaseProgress} and telling a {@link
 * ProgressView}; then prints the summary ({@code release 0b7c... SUCCEEDED in 41.2 s}) on stdout and, when the
 * release did not succeed, its error on stderr. Exit 0 for {@code SUCCEEDED}, 1 for any other settled state.
 */
final class ReleaseFollower {
    private final ControllerClient client;
    private final ProgressView view;

    ReleaseFollower(ControllerClient client, ProgressView view) {
        this.client = client;
        this.view = view;
    }

    /**
     * Blocks until the release settles.
     *
     * @throws ControllerException when the stream cannot be opened, or closes before the release settled
     */
    int follow(String releaseId, String command, PrintWriter out, PrintWriter err) {
        ReleaseProgress progress = new ReleaseProgress(releaseId);
        boolean[] ended = {false};
        try (view) {
            client.events(releaseId, event -> {
                JsonNode data = parse(event);
                switch (event.event()) {
                    case "release" -> {
                        progress.onRelease(data);
                        view.started(progress);
                    }
                    case "step" -> {
                        Optional<Duration> took = took(data);
                        progress.onStep(data).ifPresent(row -> view.replayed(progress, row, took));
                    }
                    case "transition" -> {
                        Optional<Duration> took = progress.onTransition(data);
                        progress.rows().stream()
                                .filter(r -> r.instanceId()
                                        .equals(data.path("instanceId").asText()))
                                .findFirst()
                                .ifPresent(row -> view.moved(
                                        progress, row, data.path("from").asText("?"), took));
                    }
                    case "progress" -> progress.onInFlight(data);
                    case "traffic" -> progress.onTraffic(data).ifPresent(row -> view.traffic(progress, row));
                    case "state" -> {
                        String from = progress.state();
                        progress.onState(data);
                        view.stateChanged(progress, from);
                    }
                    case "end" -> {
                        progress.onEnd(data);
                        ended[0] = true;
                    }
                    default -> {
                        // a newer controller's event: nothing to show
                    }
                }
            });
        }
        if (!ended[0]) {
            throw new ControllerException("the event stream of release " + releaseId + " closed before the release"
                    + " settled (last state: " + progress.state() + "); follow it again with `nonstop release watch "
                    + releaseId + "`");
        }
        boolean succeeded = progress.state().equals("SUCCEEDED");
        if (!succeeded && progress.error().isEmpty()) {
            progress.error(client.release(releaseId).path("error").asText(""));
        }
        out.println("release " + releaseId + " " + progress.state()
                + progress.took().map(d -> " in " + Show.duration(d)).orElse("") + " (" + progress.app() + " "
                + progress.fromVersion() + " -> " + progress.toVersion() + ")");
        out.flush();
        if (succeeded) {
            return ExitCodes.OK;
        }
        err.println(command + ": release " + releaseId + " " + progress.state() + ": "
                + progress.error().orElse("no error recorded"));
        err.flush();
        return ExitCodes.FAILURE;
    }

    private static Optional<Duration> took(JsonNode step) {
        try {
            if (step.path("finishedAt").isTextual()) {
                return Optional.of(Duration.between(
                        java.time.Instant.parse(step.path("startedAt").asText()),
                        java.time.Instant.parse(step.path("finishedAt").asText())));
            }
        } catch (java.time.format.DateTimeParseException e) {
            // no timing to show
        }
        return Optional.empty();
    }

    private static JsonNode parse(ServerSentEvent event) {
        try {
            return ControllerClient.JSON.readTree(event.data());
        } catch (JsonProcessingException e) {
            throw new ControllerException(
                    "event " + event.event() + " " + event.id() + ": data is not JSON: " + e.getOriginalMessage());
        }
    }
}
