package dev.nonstop.agent.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nonstop.common.problem.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The wire format of the agent API, both ways, written out by hand so that it is explicit and
 * stable: durations in milliseconds ({@code tookMs}), instants as ISO-8601 text, absent values as
 * JSON null. The agent's server writes answers and reads requests with it, {@link
 * dev.nonstop.agent.contract.client.AgentClient} the other way round.
 */
public final class AgentJson {
    /** The mapper both sides read and write with. */
    public static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private static final Set<String> SPEC_FIELDS =
            Set.of("instanceId", "app", "version", "port", "env", "jvmArgs", "args");

    private AgentJson() {}

    /**
     * A request body as a JSON object.
     *
     * @throws InvalidInputException when it is empty, malformed or not an object
     */
    public static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw new InvalidInputException(new Problem("body", "empty (expected: a JSON object)"));
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new InvalidInputException(new Problem("body", "not a JSON object (expected: a JSON object)"));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(new Problem("body", "malformed JSON (" + e.getOriginalMessage() + ")"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code {app, version, sha256, size}}; the jar's path stays on the agent's host. */
    public static ObjectNode artifact(InstalledArtifact a) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("app", a.app());
        node.put("version", a.version());
        node.put("sha256", a.sha256());
        node.put("size", a.size());
        return node;
    }

    /** An artifact with {@code installed}: false when the install was a no-op. */
    public static ObjectNode installResult(InstallResult r) {
        return artifact(r.artifact()).put("installed", r.installed());
    }

    /** {@code {apps: {<app>: [artifact...]}}}. */
    public static ObjectNode apps(Map<String, List<InstalledArtifact>> apps) {
        ObjectNode node = MAPPER.createObjectNode();
        ObjectNode byApp = node.putObject("apps");
        apps.forEach((app, versions) -> {
            ArrayNode list = byApp.putArray(app);
            versions.forEach(v -> list.add(artifact(v)));
        });
        return node;
    }

    /** {@code {instanceId, app, version, port, pid, state, exitCode, startedAt}}. */
    public static ObjectNode status(InstanceStatus s) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("instanceId", s.instanceId());
        node.put("app", s.app());
        node.put("version", s.version());
        node.put("port", s.port());
        if (s.pid().isPresent()) {
            node.put("pid", s.pid().getAsLong());
        } else {
            node.putNull("pid");
        }
        node.put("state", s.state().name());
        if (s.exitCode().isPresent()) {
            node.put("exitCode", s.exitCode().getAsInt());
        } else {
            node.putNull("exitCode");
        }
        node.put("startedAt", s.startedAt().toString());
        return node;
    }

    /** {@code {instances: [status...]}}. */
    public static ObjectNode instances(List<InstanceStatus> list) {
        ObjectNode node = MAPPER.createObjectNode();
        ArrayNode array = node.putArray("instances");
        list.forEach(s -> array.add(status(s)));
        return node;
    }

    /** {@code {instanceId, mode, exitCode, tookMs}}. */
    public static ObjectNode stopResult(StopResult r) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("instanceId", r.instanceId());
        node.put("mode", r.mode().name());
        if (r.exitCode().isPresent()) {
            node.put("exitCode", r.exitCode().getAsInt());
        } else {
            node.putNull("exitCode");
        }
        node.put("tookMs", r.took().toMillis());
        return node;
    }

    /** {@code {instanceId, app, version, port, env, jvmArgs, args}}, as a client sends it. */
    public static ObjectNode spec(InstanceSpec spec) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("instanceId", spec.instanceId());
        node.put("app", spec.app());
        node.put("version", spec.version());
        node.put("port", spec.port());
        ObjectNode env = node.putObject("env");
        spec.env().forEach(env::put);
        ArrayNode args = node.putArray("jvmArgs");
        spec.jvmArgs().forEach(args::add);
        ArrayNode appArgs = node.putArray("args");
        spec.args().forEach(appArgs::add);
        return node;
    }

    /**
     * An instance spec from its JSON, every problem named: wrong types and unknown fields first,
     * then the spec's own rules.
     */
    public static InstanceSpec toSpec(JsonNode node) {
        List<Problem> problems = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!SPEC_FIELDS.contains(name)) {
                problems.add(
                        Problem.of(name, node.get(name), "one of instanceId, app, version, port, env, jvmArgs, args"));
            }
        }
        String instanceId = text(node, "instanceId", problems);
        String app = text(node, "app", problems);
        String version = text(node, "version", problems);
        JsonNode portNode = node.get("port");
        int port = 0;
        if (portNode == null || !portNode.canConvertToInt() || !portNode.isIntegralNumber()) {
            problems.add(Problem.of("port", portNode, "1-65535"));
        } else {
            port = portNode.intValue();
        }
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode envNode = node.get("env");
        if (envNode != null && !envNode.isNull()) {
            if (!envNode.isObject()) {
                problems.add(Problem.of("env", envNode, "an object of names to text values"));
            } else {
                envNode.properties().forEach(e -> {
                    if (!e.getValue().isTextual()) {
                        problems.add(Problem.of("env." + e.getKey(), e.getValue(), "a text value"));
                    } else {
                        env.put(e.getKey(), e.getValue().textValue());
                    }
                });
            }
        }
        List<String> jvmArgs = texts(node, "jvmArgs", problems);
        List<String> args = texts(node, "args", problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new InstanceSpec(instanceId, app, version, port, env, jvmArgs, args);
    }

    private static List<String> texts(JsonNode node, String field, List<Problem> problems) {
        List<String> texts = new ArrayList<>();
        JsonNode array = node.get(field);
        if (array != null && !array.isNull()) {
            if (!array.isArray()) {
                problems.add(Problem.of(field, array, "an array of text"));
            } else {
                for (int i = 0; i < array.size(); i++) {
                    JsonNode item = array.get(i);
                    if (!item.isTextual()) {
                        problems.add(Problem.of(field + "[" + i + "]", item, "text"));
                    } else {
                        texts.add(item.textValue());
                    }
                }
            }
        }
        return texts;
    }

    private static String text(JsonNode node, String field, List<Problem> problems) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            problems.add(Problem.of(field, value, "text: letters, digits, '.', '_' or '-'"));
            return null;
        }
        return value.textValue();
    }

    // ---- the client's side ----

    /** An artifact from its JSON, with {@code jar} (null on the client's side). */
    public static InstalledArtifact toArtifact(JsonNode n, Path jar) {
        return new InstalledArtifact(
                n.path("app").asText(),
                n.path("version").asText(),
                n.path("sha256").asText(),
                n.path("size").asLong(),
                jar);
    }

    /** An install result from its JSON. */
    public static InstallResult toInstallResult(JsonNode n) {
        return new InstallResult(toArtifact(n, null), n.path("installed").asBoolean());
    }

    /** Installed versions by app from their JSON. */
    public static Map<String, List<InstalledArtifact>> toApps(JsonNode n) {
        Map<String, List<InstalledArtifact>> apps = new LinkedHashMap<>();
        n.path("apps").properties().forEach(e -> {
            List<InstalledArtifact> versions = new ArrayList<>();
            e.getValue().forEach(v -> versions.add(toArtifact(v, null)));
            apps.put(e.getKey(), List.copyOf(versions));
        });
        return apps;
    }

    /** An instance status from its JSON. */
    public static InstanceStatus toStatus(JsonNode n) {
        return new InstanceStatus(
                n.path("instanceId").asText(),
                n.path("app").asText(),
                n.path("version").asText(),
                n.path("port").asInt(),
                n.path("pid").isNumber() ? OptionalLong.of(n.path("pid").asLong()) : OptionalLong.empty(),
                InstanceState.valueOf(n.path("state").asText()),
                n.path("exitCode").isNumber()
                        ? OptionalInt.of(n.path("exitCode").asInt())
                        : OptionalInt.empty(),
                Instant.parse(n.path("startedAt").asText()));
    }

    /** Instance statuses from their JSON. */
    public static List<InstanceStatus> toInstances(JsonNode n) {
        List<InstanceStatus> list = new ArrayList<>();
        n.path("instances").forEach(s -> list.add(toStatus(s)));
        return List.copyOf(list);
    }

    /** A stop result from its JSON. */
    public static StopResult toStopResult(JsonNode n) {
        return new StopResult(
                n.path("instanceId").asText(),
                StopMode.valueOf(n.path("mode").asText()),
                n.path("exitCode").isNumber()
                        ? OptionalInt.of(n.path("exitCode").asInt())
                        : OptionalInt.empty(),
                Duration.ofMillis(n.path("tookMs").asLong()));
    }

    /** The {@code problems} of an error body; empty when there are none. */
    public static List<Problem> toProblems(JsonNode n) {
        List<Problem> problems = new ArrayList<>();
        n.path("problems")
                .forEach(p -> problems.add(
                        new Problem(p.path("path").asText(), p.path("message").asText())));
        return problems;
    }
}
