package dev.nonstop.controller.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nonstop.common.http.ControlResponses;
import dev.nonstop.controller.release.spec.AppSettingsJson;
import dev.nonstop.controller.release.spec.ReleaseSpecJson;
import dev.nonstop.controller.runner.GateResult;
import dev.nonstop.controller.store.AuditEntry;
import dev.nonstop.controller.store.Instance;
import dev.nonstop.controller.store.RegisteredApp;
import dev.nonstop.controller.store.Release;
import dev.nonstop.controller.store.StepRecord;
import dev.nonstop.controller.store.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The API's response bodies, written out by hand so that the wire format is explicit: instants as ISO-8601. */
final class ApiJson {
    private ApiJson() {}

    static ObjectNode app(RegisteredApp app, List<Instance> instances) {
        ObjectNode node = ControlResponses.JSON.createObjectNode();
        node.put("name", app.name());
        node.put("createdAt", app.createdAt().toString());
        node.set("settings", AppSettingsJson.toTree(app.settings()));
        ArrayNode list = node.putArray("instances");
        instances.forEach(i -> list.add(instance(i)));
        return node;
    }

    static ObjectNode instance(Instance i) {
        ObjectNode node = ControlResponses.JSON.createObjectNode();
        node.put("id", i.id());
        node.put("app", i.app());
        node.put("host", i.host());
        node.put("port", i.port());
        node.put("version", i.version());
        node.put("state", i.state().name());
        i.gatewayMemberId().ifPresentOrElse(m -> node.put("gatewayMemberId", m), () -> node.putNull("gatewayMemberId"));
        node.put("updatedAt", i.updatedAt().toString());
        return node;
    }

    static ObjectNode release(Release r) {
        ObjectNode node = ControlResponses.JSON.createObjectNode();
        node.put("id", r.id());
        node.put("app", r.app());
        node.put("fromVersion", r.fromVersion());
        node.put("toVersion", r.toVersion());
        node.put("state", r.state().name());
        r.error().ifPresentOrElse(e -> node.put("error", e), () -> node.putNull("error"));
        r.owner().ifPresentOrElse(o -> node.put("owner", o.controllerId()), () -> node.putNull("owner"));
        node.put("createdAt", r.createdAt().toString());
        node.put("updatedAt", r.updatedAt().toString());
        return node;
    }

    /** The release with its spec and, per instance, its current step and the timing of every step. */
    static ObjectNode releaseDetail(Release r, List<StepRecord> steps) {
        ObjectNode node = release(r);
        try {
            node.set("spec", ControlResponses.JSON.readTree(ReleaseSpecJson.toJson(r.spec())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored form of a spec is JSON", e);
        }
        Map<String, List<StepRecord>> byInstance = new LinkedHashMap<>();
        steps.forEach(s -> byInstance
                .computeIfAbsent(s.instanceId(), k -> new ArrayList<>())
                .add(s));
        ArrayNode instances = node.putArray("instances");
        byInstance.forEach((instanceId, rows) -> instances.add(instanceProgress(instanceId, rows)));
        return node;
    }

    /**
     * One instance's progress: the last row says where it is; each {@code STARTED} row and the row that finished it
     * make one timing.
     */
    private static ObjectNode instanceProgress(String instanceId, List<StepRecord> rows) {
        ObjectNode node = ControlResponses.JSON.createObjectNode();
        StepRecord last = rows.get(rows.size() - 1);
        node.put("instanceId", instanceId);
        node.put("step", last.step().name());
        node.put("status", last.status().name());
        node.put("since", last.finishedAt().orElse(last.startedAt()).toString());
        ArrayNode timings = node.putArray("steps");
        ObjectNode open = null;
        for (StepRecord row : rows) {
            if (row.status() == StepStatus.STARTED
                    || open == null
                    || !open.path("step").asText().equals(row.step().name())) {
                open = timings.addObject();
                open.put("step", row.step().name());
                open.put("startedAt", row.startedAt().toString());
            }
            open.put("status", row.status().name());
            open.put("detail", row.detail());
            if (row.finishedAt().isPresent()) {
                Instant finished = row.finishedAt().get();
                open.put("finishedAt", finished.toString());
                open.put("tookMs", Duration.between(row.startedAt(), finished).toMillis());
                open = null;
            }
        }
        return node;
    }

    static ObjectNode step(StepRecord s) {
        ObjectNode node = ControlResponses.JSON.createObjectNode();
        node.put("releaseId", s.releaseId());
        node.put("instanceId", s.instanceId());
        node.put("step", s.step().name());
        node.put("status", s.status().name());
        node.put("startedAt", s.startedAt().toString());
        s.finishedAt().ifPresentOrElse(f -> node.put("finishedAt", f.toString()), () -> node.putNull("finishedAt"));
        node.put("detail", s.detail());
        return node;
    }

    static ObjectNode event(ReleaseEvent event) {
        ObjectNode node = ControlResponses.JSON.createObjectNode();
        node.put("releaseId", event.releaseId());
        switch (event) {
            case ReleaseEvent.InstanceMoved moved -> {
                node.put("instanceId", moved.transition().instanceId());
                node.put("from", moved.transition().from().name());
                node.put("to", moved.transition().to().name());
                node.put("detail", moved.transition().detail());
            }
            case ReleaseEvent.StateChanged changed -> {
                node.put("from", changed.from().name());
                node.put("to", changed.to().name());
                changed.error().ifPresentOrElse(e -> node.put("error", e), () -> node.putNull("error"));
            }
            case ReleaseEvent.InFlight progress -> {
                node.put("instanceId", progress.instanceId());
                node.put("inFlight", progress.inFlight());
            }
            case ReleaseEvent.Traffic traffic -> {
                node.put("kind", traffic.kind().name());
                node.put("step", traffic.step());
                node.put("percent", traffic.percent());
                node.put("detail", traffic.detail());
                traffic.gate().ifPresent(g -> node.set("gate", gate(g)));
            }
        }
        node.put("at", event.at().toString());
        return node;
    }

    /**
     * A gray release's latest traffic as this process saw it: {@code step}, {@code percent}, {@code kind}, {@code at}
     * of the last traffic event, and {@code users} (green, blue, green's share, from the last gate's figures, with
     * their {@code at}); empty when this process saw none.
     */
    static Optional<ObjectNode> liveTraffic(ReleaseEvents.LiveTraffic live) {
        if (live.step().isEmpty()) {
            return Optional.empty();
        }
        ReleaseEvent.Traffic t = live.step().get();
        ObjectNode node = ControlResponses.JSON.createObjectNode();
        node.put("kind", t.kind().name());
        node.put("step", t.step());
        node.put("percent", t.percent());
        node.put("at", t.at().toString());
        live.users().ifPresent(u -> {
            GateResult g = u.gate().orElseThrow();
            ObjectNode users = node.putObject("users");
            users.put("green", g.greenUsers());
            users.put("blue", g.blueUsers());
            users.put("greenPercent", g.greenUserPercent());
            users.put("step", u.step());
            users.put("at", u.at().toString());
        });
        return Optional.of(node);
    }

    /** A gate's verdict and figures. */
    static ObjectNode gate(GateResult g) {
        ObjectNode node = ControlResponses.JSON.createObjectNode();
        node.put("passed", g.passed());
        node.put("reason", g.reason());
        ObjectNode green = node.putObject("green");
        green.put("requests", g.greenRequests());
        green.put("failures", g.greenFailures());
        green.put("errorRatio", g.greenErrorRatio());
        green.put("p99Ms", g.greenP99().toMillis());
        green.put("users", g.greenUsers());
        ObjectNode blue = node.putObject("blue");
        blue.put("requests", g.blueRequests());
        blue.put("failures", g.blueFailures());
        blue.put("errorRatio", g.blueErrorRatio());
        blue.put("p99Ms", g.blueP99().toMillis());
        blue.put("users", g.blueUsers());
        node.put("greenUserPercent", g.greenUserPercent());
        if (g.prometheus() != null) {
            node.put("prometheus", g.prometheus());
        }
        return node;
    }

    static ObjectNode audit(AuditEntry e) {
        ObjectNode node = ControlResponses.JSON.createObjectNode();
        node.put("id", e.id());
        node.put("at", e.at().toString());
        node.put("actor", e.actor());
        node.put("action", e.action());
        node.put("target", e.target());
        node.put("result", e.result().name());
        node.put("detail", e.detail());
        node.put("attempts", e.attempts());
        return node;
    }
}
