package dev.nonstop.controller.release.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The JSON of a {@link GraySpec}, as fields of the release spec's object: {@code strategy}, {@code steps}, {@code
 * stepDuration}, {@code analysis {maxErrorRatio, maxP99, minRequests, compareWithBlue}}, {@code entry [{type, name,
 * value, cidrs}]}, {@code percentKey}, {@code approval}, {@code greenInstances}, {@code rollbackWindow}, {@code
 * maxBlueTime}, {@code trustedForwardedHops}. The same shape is stored and accepted by {@code POST /api/releases}.
 * A rolling release writes none of them, so its stored form is what it was before gray strategies.
 */
public final class GraySpecJson {
    private GraySpecJson() {}

    /** Writes {@code gray}'s fields into {@code root}; nothing for a rolling release. */
    public static void write(ObjectNode root, GraySpec gray) {
        if (gray.strategy() == ReleaseStrategy.ROLLING) {
            return;
        }
        root.put("strategy", gray.strategy().id());
        ArrayNode steps = root.putArray("steps");
        gray.steps().forEach(steps::add);
        root.put("stepDuration", gray.stepDuration().toString());
        root.set("analysis", analysis(gray.gate()));
        ArrayNode entry = root.putArray("entry");
        for (EntryRule rule : gray.entryRules()) {
            ObjectNode r = entry.addObject();
            r.put("type", rule.kind().name().toLowerCase());
            if (rule.kind() == EntryRule.Kind.NETWORK) {
                ArrayNode cidrs = r.putArray("cidrs");
                rule.cidrs().forEach(cidrs::add);
            } else {
                r.put("name", rule.name());
                if (rule.value() != null) {
                    r.put("value", rule.value());
                }
            }
        }
        root.put("percentKey", gray.userKey().toString());
        root.put("approval", gray.approval().id());
        gray.greenInstances().ifPresent(n -> root.put("greenInstances", n));
        root.put("rollbackWindow", gray.rollbackWindow().toString());
        gray.maxBlueTime().ifPresent(d -> root.put("maxBlueTime", d.toString()));
        root.put("trustedForwardedHops", gray.trustedForwardedHops());
    }

    /** The analysis as JSON: thresholds only when set. */
    public static ObjectNode analysis(GateSpec gate) {
        ObjectNode a = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        gate.maxErrorRatio().ifPresent(r -> a.put("maxErrorRatio", r));
        gate.maxP99().ifPresent(p -> a.put("maxP99", p.toString()));
        a.put("minRequests", gate.minRequests());
        a.put("compareWithBlue", gate.compareWithBlue());
        gate.prometheus().ifPresent(p -> {
            ObjectNode q = a.putObject("prometheus");
            q.put("url", p.url());
            q.put("query", p.query());
            q.put("max", p.max());
        });
        return a;
    }

    /** Reads what {@link #write} wrote; a spec stored without a strategy is rolling. */
    public static GraySpec read(JsonNode root) {
        String strategy = ReleaseSpecJson.text(root, "strategy");
        if (strategy == null) {
            return GraySpec.ROLLING;
        }
        ReleaseStrategy s = ReleaseStrategy.parse(strategy)
                .orElseThrow(() -> new IllegalArgumentException(
                        "strategy: " + strategy + " (expected: " + ReleaseStrategy.EXPECTED + ")"));
        List<Integer> steps = new ArrayList<>();
        root.path("steps").forEach(n -> steps.add(n.asInt()));
        JsonNode a = root.path("analysis");
        GateSpec gate = new GateSpec(
                a.hasNonNull("maxErrorRatio")
                        ? OptionalDouble.of(a.get("maxErrorRatio").asDouble())
                        : OptionalDouble.empty(),
                Optional.ofNullable(ReleaseSpecJson.duration(a, "maxP99")),
                a.path("minRequests").asLong(),
                a.path("compareWithBlue").asBoolean(),
                a.hasNonNull("prometheus")
                        ? Optional.of(new PrometheusCheck(
                                a.path("prometheus").path("url").asText(),
                                a.path("prometheus").path("query").asText(),
                                a.path("prometheus").path("max").asDouble()))
                        : Optional.empty());
        List<EntryRule> rules = new ArrayList<>();
        for (JsonNode r : root.path("entry")) {
            EntryRule.Kind kind = EntryRule.Kind.valueOf(r.path("type").asText().toUpperCase());
            List<String> cidrs = new ArrayList<>();
            r.path("cidrs").forEach(c -> cidrs.add(c.asText()));
            rules.add(new EntryRule(kind, ReleaseSpecJson.text(r, "name"), ReleaseSpecJson.text(r, "value"), cidrs));
        }
        UserKey key = UserKey.parse(ReleaseSpecJson.text(root, "percentKey")).orElse(UserKey.DEFAULT);
        Approval approval =
                Approval.parse(ReleaseSpecJson.text(root, "approval")).orElse(Approval.NONE);
        Duration window = ReleaseSpecJson.duration(root, "rollbackWindow");
        return new GraySpec(
                s,
                steps,
                ReleaseSpecJson.duration(root, "stepDuration"),
                gate,
                rules,
                key,
                approval,
                root.hasNonNull("greenInstances")
                        ? Optional.of(root.get("greenInstances").asInt())
                        : Optional.empty(),
                window == null ? GraySpec.DEFAULT_ROLLBACK_WINDOW : window,
                Optional.ofNullable(ReleaseSpecJson.duration(root, "maxBlueTime")),
                root.path("trustedForwardedHops").asInt());
    }
}
