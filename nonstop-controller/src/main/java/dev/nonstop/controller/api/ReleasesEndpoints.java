package dev.nonstop.controller.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nonstop.common.http.ControlResponses;
import dev.nonstop.common.problem.Problem;
import dev.nonstop.controller.release.artifact.VersionConflictException;
import dev.nonstop.controller.release.spec.InvalidReleaseSpecException;
import dev.nonstop.controller.release.spec.ReleaseSpec;
import dev.nonstop.controller.release.state.IllegalCommandException;
import dev.nonstop.controller.release.state.InstanceStep;
import dev.nonstop.controller.release.state.ReleaseCommand;
import dev.nonstop.controller.release.state.ReleaseState;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.NotFoundException;
import dev.nonstop.controller.store.RegisteredApp;
import dev.nonstop.controller.store.Release;
import dev.nonstop.controller.store.StaleStateException;
import dev.nonstop.controller.store.StepRecord;
import dev.nonstop.controller.store.StepStatus;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code /api/releases}: start, list, show and command releases. */
final class ReleasesEndpoints {
    private final ControllerStore store;
    private final ReleaseOperations operations;
    private final ReleaseEvents events;

    ReleasesEndpoints(ControllerStore store, ReleaseOperations operations, ReleaseEvents events) {
        this.store = store;
        this.operations = operations;
        this.events = events;
    }

    FullHttpResponse list(ApiCall call) {
        Optional<String> app = call.query("app");
        Optional<ReleaseState> state = call.query("state").map(ReleasesEndpoints::state);
        if (app.isPresent() && store.app(app.get()).isEmpty()) {
            throw ApiException.notFound("app " + app.get() + ": not found");
        }
        List<Release> releases = app.isPresent()
                ? store.releases(app.get())
                : store.releasesIn(ReleaseState.PENDING, ReleaseState.values()).stream()
                        .sorted(Comparator.comparing(Release::createdAt).reversed())
                        .toList();
        ObjectNode body = ControlResponses.JSON.createObjectNode();
        ArrayNode list = body.putArray("releases");
        releases.stream()
                .filter(r -> state.isEmpty() || r.state() == state.get())
                .forEach(r -> list.add(ApiJson.release(r)));
        return ControlResponses.json(HttpResponseStatus.OK, body);
    }

    FullHttpResponse show(ApiCall call) {
        Release release = release(call.param("id"));
        ObjectNode detail = ApiJson.releaseDetail(release, store.steps(release.id()));
        if (release.spec().strategy().isGray()) {
            ApiJson.liveTraffic(events.liveTraffic(release.id())).ifPresent(t -> detail.set("traffic", t));
        }
        return ControlResponses.json(HttpResponseStatus.OK, detail);
    }

    FullHttpResponse start(ApiCall call) {
        var body = call.jsonBody();
        if (body.path("app").isTextual()) {
            call.target("app/" + body.path("app").textValue());
        }
        ReleaseSpec spec =
                ReleaseSpecMapper.readOver(body, name -> store.app(name).map(RegisteredApp::settings));
        Optional<Release> running = store.releases(spec.app()).stream()
                .filter(r -> r.state().needsOwner())
                .findFirst();
        if (running.isPresent()) {
            throw new ReleaseConflictException(running.get());
        }
        Release release;
        try {
            release = operations.start(spec);
        } catch (InvalidReleaseSpecException e) {
            // the artifact, read by the release's checks: not a runnable jar, or not the checksum asked for
            throw ApiException.badRequest(e.problems());
        } catch (VersionConflictException e) {
            throw new ApiException(
                    HttpResponseStatus.CONFLICT, e.getMessage(), List.of(new Problem("version", e.getMessage())));
        }
        call.target("release/" + release.id());
        call.detail(release.app() + " " + release.fromVersion() + " -> " + release.toVersion());
        return ControlResponses.json(HttpResponseStatus.CREATED, ApiJson.release(release));
    }

    FullHttpResponse command(ApiCall call, ReleaseCommand command) {
        String id = call.param("id");
        Release before = release(id);
        Release after;
        try {
            after = operations.apply(id, command);
        } catch (IllegalCommandException | StaleStateException e) {
            throw ApiException.conflict(e.getMessage());
        } catch (NotFoundException e) {
            throw ApiException.notFound(e.getMessage());
        }
        if (after.state() != before.state()) {
            events.stateChanged(id, before.state(), after.state(), Instant.now(), null);
        }
        call.detail(before.state() + " -> " + after.state());
        return ControlResponses.json(HttpResponseStatus.OK, ApiJson.release(after));
    }

    /**
     * Approves the traffic step a gray release waits at: the release is PAUSED and its last traffic row is an
     * APPROVED step started (a passed gate); the approval resumes it.
     */
    FullHttpResponse approve(ApiCall call) {
        String id = call.param("id");
        Release release = release(id);
        List<StepRecord> traffic = store.steps(id).stream()
                .filter(s -> s.instanceId().startsWith("traffic@"))
                .toList();
        boolean waiting = !traffic.isEmpty()
                && traffic.get(traffic.size() - 1).step() == InstanceStep.APPROVED
                && traffic.get(traffic.size() - 1).status() == StepStatus.STARTED
                && release.state() == ReleaseState.PAUSED;
        if (!waiting) {
            throw ApiException.conflict("release " + id + " waits for no approval (state " + release.state()
                    + (release.spec().strategy().isGray()
                            ? ""
                            : ", strategy " + release.spec().strategy() + ": approvals are for canary and blue-green")
                    + ")");
        }
        return command(call, ReleaseCommand.RESUME);
    }

    private Release release(String id) {
        return store.release(id).orElseThrow(() -> ApiException.notFound("release " + id + ": not found"));
    }

    private static ReleaseState state(String text) {
        try {
            return ReleaseState.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(
                    Problem.of("state", "\"" + text + "\"", "one of " + Arrays.toString(ReleaseState.values())));
        }
    }
}
