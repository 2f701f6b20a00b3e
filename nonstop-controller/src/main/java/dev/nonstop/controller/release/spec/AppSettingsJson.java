package dev.nonstop.controller.release.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nonstop.common.problem.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stored JSON form of {@link AppSettings}, also what the API shows: {@code {readinessPath, readinessTimeout,
 * smokeChecks, drain: {deadline, policy, mode}, jvmArgs, args, env}}, durations as ISO-8601. {@code readinessTimeout}
 * is absent while the app keeps the controller's default, {@code smokeChecks} while it keeps the default (its readiness
 * path answering 2xx).
 */
public final class AppSettingsJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AppSettingsJson() {}

    /** The settings as a JSON tree. */
    public static ObjectNode toTree(AppSettings settings) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("readinessPath", settings.readinessPath());
        settings.readinessTimeout().ifPresent(timeout -> root.put("readinessTimeout", timeout.toString()));
        settings.smokeChecks()
                .ifPresent(checks -> ReleaseSpecJson.writeSmokeChecks(root.putArray("smokeChecks"), checks));
        ObjectNode drain = root.putObject("drain");
        drain.put("deadline", settings.drain().deadline().toString());
        drain.put("policy", settings.drain().policy().name());
        drain.put("mode", settings.drain().mode().name());
        ArrayNode jvmArgs = root.putArray("jvmArgs");
        settings.jvmArgs().forEach(jvmArgs::add);
        ArrayNode args = root.putArray("args");
        settings.args().forEach(args::add);
        ObjectNode env = root.putObject("env");
        settings.env().forEach(env::put);
        return root;
    }

    /** The settings as compact JSON. */
    public static String toJson(AppSettings settings) {
        return toTree(settings).toString();
    }

    /**
     * Reads settings written by {@link #toJson}; null or blank is {@link AppSettings#DEFAULT}.
     *
     * @throws InvalidReleaseSpecException when the JSON is malformed or a value is invalid
     */
    public static AppSettings fromJson(String json) {
        if (json == null || json.isBlank()) {
            return AppSettings.DEFAULT;
        }
        try {
            JsonNode root = MAPPER.readTree(json);
            JsonNode checks = root.get("smokeChecks");
            String timeout = ReleaseSpecJson.text(root, "readinessTimeout");
            List<String> jvmArgs = new ArrayList<>();
            root.path("jvmArgs").forEach(a -> jvmArgs.add(a.asText()));
            List<String> args = new ArrayList<>();
            root.path("args").forEach(a -> args.add(a.asText()));
            Map<String, String> env = new LinkedHashMap<>();
            root.path("env")
                    .properties()
                    .forEach(e -> env.put(e.getKey(), e.getValue().asText()));
            return new AppSettings(
                    ReleaseSpecJson.text(root, "readinessPath"),
                    Optional.ofNullable(timeout).map(Duration::parse),
                    checks == null || checks.isNull()
                            ? Optional.empty()
                            : Optional.of(ReleaseSpecJson.readSmokeChecks(checks)),
                    ReleaseSpecJson.readDrain(root.path("drain")),
                    jvmArgs,
                    args,
                    env);
        } catch (JsonProcessingException | RuntimeException e) {
            if (e instanceof InvalidReleaseSpecException invalid) {
                throw invalid;
            }
            throw new InvalidReleaseSpecException(
                    List.of(Problem.of("settings", String.valueOf(e.getMessage()), "the JSON of app settings")));
        }
    }
}
