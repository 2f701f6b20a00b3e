package dev.nonstop.controller.release.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nonstop.common.config.ConfigValues;
import dev.nonstop.common.problem.Problem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The stored JSON form of a {@link ReleaseSpec}: field names as in the record, durations as ISO-8601 strings
 * ({@code "PT30S"}). Written by hand rather than by reflection so that renaming a Java field cannot silently change
 * what is stored.
 */
public final class ReleaseSpecJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ReleaseSpecJson() {}

    /** The spec as compact JSON. */
    public static String toJson(ReleaseSpec spec) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("app", spec.app());
        root.put("version", spec.version());
        root.put("artifact", spec.artifact().toString());
        spec.artifactSha256().ifPresent(sha -> root.put("artifactSha256", sha));
        root.put("batchSize", spec.batchSize());
        root.put("surge", spec.surge());
        ObjectNode drain = root.putObject("drain");
        drain.put("deadline", spec.drain().deadline().toString());
        drain.put("policy", spec.drain().policy().name());
        drain.put("mode", spec.drain().mode().name());
        ObjectNode health = root.putObject("health");
        health.put("readinessPath", spec.health().readinessPath());
        health.put("timeout", spec.health().timeout().toString());
        health.put("interval", spec.health().interval().toString());
        ArrayNode checks = root.putArray("smokeChecks");
        writeSmokeChecks(checks, spec.smokeChecks());
        ObjectNode warmUp = root.putObject("warmUp");
        ArrayNode steps = warmUp.putArray("weightSteps");
        spec.warmUp().weightSteps().forEach(steps::add);
        warmUp.put("stepInterval", spec.warmUp().stepInterval().toString());
        warmUp.put("errorRateThreshold", spec.warmUp().errorRateThreshold());
        root.put("stopTimeout", spec.stopTimeout().toString());
        GraySpecJson.write(root, spec.gray());
        return root.toString();
    }

    static void writeSmokeChecks(ArrayNode into, List<SmokeCheck> checks) {
        for (SmokeCheck check : checks) {
            ObjectNode node = into.addObject();
            node.put("method", check.method());
            node.put("path", check.path());
            ArrayNode statuses = node.putArray("expectedStatuses");
            check.expectedStatuses().stream().sorted().forEach(statuses::add);
            check.bodyContains().ifPresent(b -> node.put("bodyContains", b));
        }
    }

    static List<SmokeCheck> readSmokeChecks(JsonNode array) {
        List<SmokeCheck> checks = new ArrayList<>();
        for (JsonNode check : array) {
            Set<Integer> statuses = new LinkedHashSet<>();
            check.path("expectedStatuses").forEach(s -> statuses.add(s.asInt()));
            checks.add(new SmokeCheck(
                    text(check, "method"),
                    text(check, "path"),
                    statuses,
                    Optional.ofNullable(text(check, "bodyContains"))));
        }
        return checks;
    }

    /** The drain of a stored spec or app; a drain stored before modes existed is {@link DrainMode#AUTO}. */
    static DrainSpec readDrain(JsonNode drain) {
        String mode = text(drain, "mode");
        return new DrainSpec(
                duration(drain, "deadline"),
                DrainPolicy.valueOf(text(drain, "policy")),
                mode == null ? DrainMode.AUTO : DrainMode.valueOf(mode));
    }

    /**
     * Reads a spec written by {@link #toJson}. The artifact need not exist any more.
     *
     * @throws InvalidReleaseSpecException when the JSON is malformed or a value is invalid
     */
    public static ReleaseSpec fromJson(String json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            JsonNode drain = root.path("drain");
            JsonNode health = root.path("health");
            JsonNode warmUp = root.path("warmUp");
            List<SmokeCheck> checks = readSmokeChecks(root.path("smokeChecks"));
            List<Integer> steps = new ArrayList<>();
            warmUp.path("weightSteps").forEach(s -> steps.add(s.asInt()));
            return new ReleaseSpec(
                    text(root, "app"),
                    text(root, "version"),
                    Path.of(text(root, "artifact")),
                    Optional.ofNullable(text(root, "artifactSha256")),
                    root.path("batchSize").asInt(),
                    root.path("surge").asInt(),
                    readDrain(drain),
                    new HealthSpec(
                            text(health, "readinessPath"), duration(health, "timeout"), duration(health, "interval")),
                    checks,
                    new WarmUpSpec(
                            steps,
                            duration(warmUp, "stepInterval"),
                            warmUp.path("errorRateThreshold").asDouble()),
                    duration(root, "stopTimeout"),
                    GraySpecJson.read(root));
        } catch (JsonProcessingException | RuntimeException e) {
            if (e instanceof InvalidReleaseSpecException invalid) {
                throw invalid;
            }
            throw new InvalidReleaseSpecException(
                    List.of(Problem.of("spec", String.valueOf(e.getMessage()), "the JSON of a release spec")));
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** Stored as ISO-8601 ({@code PT30S}), read in the one grammar of {@link ConfigValues#parseDuration}. */
    static Duration duration(JsonNode node, String field) {
        String text = text(node, field);
        return text == null
                ? null
                : ConfigValues.parseDuration(text)
                        .orElseThrow(() -> new IllegalArgumentException(
                                field + ": " + text + " (expected: " + ConfigValues.DURATION_FORMAT + ")"));
    }
}
