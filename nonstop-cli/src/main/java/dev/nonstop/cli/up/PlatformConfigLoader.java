package dev.nonstop.cli.up;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nonstop.common.config.ConfigException;
import dev.nonstop.common.config.ConfigFile;
import dev.nonstop.common.config.FieldReader;
import dev.nonstop.common.config.TreeParser;
import dev.nonstop.common.problem.Problem;
import dev.nonstop.common.text.Names;
import dev.nonstop.controller.release.artifact.ArtifactFile;
import dev.nonstop.controller.release.spec.AppSettings;
import dev.nonstop.controller.release.spec.DrainMode;
import dev.nonstop.controller.release.spec.DrainPolicy;
import dev.nonstop.controller.release.spec.DrainSpec;
import dev.nonstop.controller.release.spec.InvalidReleaseSpecException;
import dev.nonstop.controller.release.spec.SmokeCheck;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Reads {@code nonstop.yaml}, reporting every problem with its path ({@code apps[0].instances: 0
 * (expected: 1-100)}) in one {@link ConfigException}. Relative paths are resolved against the
 * file's directory.
 */
final class PlatformConfigLoader {
    private static final List<String> ROOT = List.of("dataDir", "gateway", "controller", "apps", "sessions");
    private static final List<String> GATEWAY = List.of("listen", "admin");
    private static final List<String> CONTROLLER = List.of("listen", "store", "user", "password");
    private static final List<String> APP = List.of(
            "name",
            "version",
            "artifact",
            "instances",
            "basePort",
            "readinessPath",
            "readinessTimeout",
            "env",
            "jvmArgs",
            "args",
            "smokeChecks",
            "drain");
    private static final List<String> DRAIN = List.of("deadline", "policy", "mode");

    private PlatformConfigLoader() {}

    /** @throws ConfigException when the file is unreadable, not UTF-8 or holds any problem, each named */
    static PlatformConfig load(Path file) {
        String text = ConfigFile.read(file);
        Path base = file.toAbsolutePath().getParent();
        return parse(file.toString(), text, base);
    }

    static PlatformConfig parse(String source, String text, Path base) {
        JsonNode root = TreeParser.yaml(source, text);
        // Environment values are strings as written: PORT: 8080 is "8080", MODE: 0755 is "0755", not 493.
        JsonNode written = TreeParser.yamlAsWritten(source, text);
        FieldReader r = new FieldReader();
        if (root == null || root.isNull() || root.isMissingNode()) {
            root = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
        if (!r.object(root, "", ROOT)) {
            r.throwIfProblems(source);
        }
        Path dataDir = base.resolve(r.string(root, "", "dataDir", ".nonstop"));
        JsonNode gateway = objectOrEmpty(r, root, "gateway", GATEWAY);
        JsonNode controller = objectOrEmpty(r, root, "controller", CONTROLLER);
        InetSocketAddress gatewayListen = address(r, gateway, "gateway", "listen", "127.0.0.1:8080");
        InetSocketAddress gatewayAdmin = address(r, gateway, "gateway", "admin", "127.0.0.1:9090");
        InetSocketAddress controllerListen = address(r, controller, "controller", "listen", "127.0.0.1:9070");
        String store = r.string(controller, "controller", "store", "h2");
        if (!store.equals("h2") && !store.startsWith("jdbc:")) {
            r.problem("controller.store", store, "h2, or a JDBC URL such as jdbc:postgresql://127.0.0.1:5432/nonstop");
        }
        String user = r.string(controller, "controller", "user", "");
        String password = r.string(controller, "controller", "password", "");

        List<PlatformConfig.AppConfig> apps = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<Integer> ports = new HashSet<>();
        List<JsonNode> appNodes = r.list(root, "", "apps", false);
        for (int i = 0; i < appNodes.size(); i++) {
            String path = FieldReader.index("apps", i);
            JsonNode app = appNodes.get(i);
            if (!r.object(app, path, APP)) {
                continue;
            }
            String name = r.requiredString(app, path, "name", "an app name");
            if (!name.isEmpty() && !Names.isName(name)) {
                r.problem(path + ".name", name, Names.expected(name));
            } else if (!name.isEmpty() && !names.add(name)) {
                r.problem(path + ".name", name, "a name no other app has");
            }
            String version = r.requiredString(app, path, "version", "the version of the artifact, e.g. v1");
            if (!version.isEmpty() && !Names.isName(version)) {
                r.problem(path + ".version", version, Names.expected(version));
            }
            String artifact = r.requiredString(app, path, "artifact", "the path of a runnable jar");
            Path jar = artifact.isEmpty() ? null : base.resolve(artifact);
            if (jar != null && !Files.isRegularFile(jar)) {
                r.problem(path + ".artifact", artifact, "an existing jar file (looked at " + jar + ")");
            } else if (jar != null) {
                // Checked here, as a release's artifact is, so that /etc/passwd is refused before the store and the
                // agent's directory are made, not by the agent's install once the platform is half up.
                String why = notRunnable(jar);
                if (why != null) {
                    r.problem(path + ".artifact", artifact + " (" + why + ")", ArtifactFile.EXPECTED);
                }
            }
            int instances = r.integer(app, path, "instances", 1);
            if (instances < 1 || instances > 100) {
                r.problem(path + ".instances", instances, "1-100");
            }
            int basePort = r.requiredInteger(app, path, "basePort", "the port of the first instance");
            // The range and the overlap are checked only on a port that was read: a missing or unreadable one is
            // already reported, and its stand-in 0 would add a second, misleading problem.
            boolean portRead = !r.reportedAt(path + ".basePort");
            if (portRead && (basePort < 1 || basePort + instances - 1 > 65535)) {
                r.problem(path + ".basePort", basePort, "1-" + (65536 - Math.max(1, instances)));
                portRead = false;
            }
            for (int n = 0; portRead && n < instances; n++) {
                if (!ports.add(basePort + n)) {
                    r.problem(path + ".basePort", basePort, "ports no other app uses");
                    break;
                }
            }
            String readiness = r.string(app, path, "readinessPath", PlatformConfig.AppConfig.FIND_READINESS);
            if (!readiness.startsWith("/") && !readiness.equals(PlatformConfig.AppConfig.FIND_READINESS)) {
                r.problem(path + ".readinessPath", readiness, "a path starting with / or auto");
            }
            Optional<Duration> readinessTimeout = readinessTimeout(r, app, path);
            JsonNode writtenApp = written.path("apps").path(i);
            Map<String, String> env = r.stringMap(writtenApp, path, "env");
            List<String> jvmArgs = strings(r, writtenApp, path, "jvmArgs");
            List<String> args = strings(r, writtenApp, path, "args");
            Optional<List<SmokeCheck>> smokeChecks = smokeChecks(r, writtenApp, path);
            DrainSpec drain = drain(r, app, path);
            PlatformConfig.AppConfig config = new PlatformConfig.AppConfig(
                    name,
                    version,
                    jar,
                    instances,
                    basePort,
                    readiness,
                    Map.copyOf(env),
                    jvmArgs,
                    args,
                    smokeChecks,
                    drain,
                    readinessTimeout);
            // The rules the controller applies to stored app settings (templates, status ranges, variables the
            // agent sets), named under this app: apps[0].args[1]: unknown variable ${FOO}; known: PORT, INSTANCE.
            try {
                config.settings();
            } catch (InvalidReleaseSpecException e) {
                for (Problem p : e.problems()) {
                    String at = path + "." + p.path();
                    if (!r.reportedAt(at)) {
                        r.problems().add(new Problem(at, p.message()));
                    }
                }
            }
            apps.add(config);
        }
        SessionStoreConfig sessions =
                SessionStoreConfigReader.read(r, objectOrEmpty(r, root, "sessions", SessionStoreConfigReader.FIELDS));
        r.throwIfProblems(source);
        return new PlatformConfig(
                dataDir,
                gatewayListen,
                gatewayAdmin,
                controllerListen,
                store,
                user,
                password,
                List.copyOf(apps),
                sessions);
    }

    /** A list of strings as written ({@code -Xmx256m}, {@code 0755}); empty when absent. */
    private static List<String> strings(FieldReader r, JsonNode writtenApp, String path, String name) {
        List<String> out = new ArrayList<>();
        List<JsonNode> items = r.list(writtenApp, path, name, false);
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (!item.isTextual()) {
                r.problem(FieldReader.index(FieldReader.join(path, name), i), FieldReader.render(item), "a string");
            } else {
                out.add(item.textValue());
            }
        }
        return List.copyOf(out);
    }

    /**
     * {@code smokeChecks: ['GET /health 200 UP', {method: GET, path: /ready, status: 2xx, bodyContains: UP}]};
     * empty when absent (the default: the readiness path answering 2xx), a present empty list for none.
     */
    private static Optional<List<SmokeCheck>> smokeChecks(FieldReader r, JsonNode writtenApp, String path) {
        if (FieldReader.field(writtenApp, "smokeChecks") == null) {
            return Optional.empty();
        }
        String listPath = FieldReader.join(path, "smokeChecks");
        List<SmokeCheck> checks = new ArrayList<>();
        List<JsonNode> items = r.list(writtenApp, path, "smokeChecks", false);
        for (int i = 0; i < items.size(); i++) {
            String at = FieldReader.index(listPath, i);
            JsonNode item = items.get(i);
            String text;
            if (item.isTextual()) {
                text = item.textValue();
            } else if (item.isObject() && r.object(item, at, List.of("method", "path", "status", "bodyContains"))) {
                text = r.string(item, at, "method", "GET") + " " + r.requiredString(item, at, "path", "a path")
                        + " " + r.string(item, at, "status", "2xx")
                        + (FieldReader.field(item, "bodyContains") == null
                                ? ""
                                : " " + r.string(item, at, "bodyContains", ""));
                if (r.reportedAt(at)) {
                    continue;
                }
            } else {
                if (!item.isObject()) {
                    r.problem(at, FieldReader.render(item), SmokeCheck.FORMAT);
                }
                continue;
            }
            Optional<SmokeCheck> check = SmokeCheck.parse(text);
            if (check.isEmpty()) {
                r.problem(at, "\"" + text + "\"", SmokeCheck.FORMAT);
            } else {
                checks.add(check.get());
            }
        }
        return Optional.of(List.copyOf(checks));
    }

    /** {@code readinessTimeout: 120s}, from 1s to 1h; empty when absent (the controller's default). */
    private static Optional<Duration> readinessTimeout(FieldReader r, JsonNode app, String path) {
        if (FieldReader.field(app, "readinessTimeout") == null) {
            return Optional.empty();
        }
        int before = r.problems().size();
        Duration timeout = r.duration(app, path, "readinessTimeout", null);
        if (r.problems().size() > before) {
            return Optional.empty();
        }
        if (!AppSettings.isReadinessTimeout(timeout)) {
            r.problem(
                    FieldReader.join(path, "readinessTimeout"),
                    FieldReader.render(FieldReader.field(app, "readinessTimeout")),
                    AppSettings.READINESS_TIMEOUT_EXPECTED);
            return Optional.empty();
        }
        return Optional.of(timeout);
    }

    /** {@code drain: {deadline: 60s, policy: fail, mode: auto}}, each field defaulting as {@link DrainSpec#DEFAULT}. */
    private static DrainSpec drain(FieldReader r, JsonNode app, String path) {
        JsonNode node = FieldReader.field(app, "drain");
        String drainPath = FieldReader.join(path, "drain");
        DrainSpec d = DrainSpec.DEFAULT;
        if (node == null || !r.object(node, drainPath, DRAIN)) {
            return d;
        }
        Duration deadline = r.positiveDuration(node, drainPath, "deadline", d.deadline());
        DrainPolicy policy = d.policy();
        String policyText = r.string(node, drainPath, "policy", null);
        if (policyText != null) {
            try {
                policy = DrainPolicy.valueOf(policyText.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                r.problem(drainPath + ".policy", policyText, "fail or force");
            }
        }
        DrainMode mode = d.mode();
        String modeText = r.string(node, drainPath, "mode", null);
        if (modeText != null) {
            Optional<DrainMode> parsed = DrainMode.parse(modeText);
            if (parsed.isEmpty()) {
                r.problem(drainPath + ".mode", modeText, DrainMode.EXPECTED);
            } else {
                mode = parsed.get();
            }
        }
        return new DrainSpec(deadline, policy, mode);
    }

    /** Why {@code jar} is not a runnable jar, or null when it is one. */
    private static String notRunnable(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String mainClass =
                    manifest == null ? null : manifest.getMainAttributes().getValue("Main-Class");
            return mainClass == null || mainClass.isBlank() ? "a jar without Main-Class" : null;
        } catch (IOException | SecurityException e) {
            return "not a jar, or an unreadable one";
        }
    }

    private static JsonNode objectOrEmpty(FieldReader r, JsonNode root, String name, List<String> known) {
        JsonNode node = FieldReader.field(root, name);
        if (node == null || !r.object(node, name, known)) {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
        return node;
    }

    /** {@code host:port}; null (with a problem) when malformed. */
    private static InetSocketAddress address(FieldReader r, JsonNode obj, String path, String name, String def) {
        String text = r.string(obj, path, name, def);
        int colon = text.lastIndexOf(':');
        try {
            if (colon <= 0) {
                throw new NumberFormatException();
            }
            int port = Integer.parseInt(text.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            String host = text.substring(0, colon).replace("[", "").replace("]", "");
            return InetSocketAddress.createUnresolved(host, port);
        } catch (NumberFormatException e) {
            r.problem(FieldReader.join(path, name), text, "host:port with a port 0-65535");
            return null;
        }
    }
}
