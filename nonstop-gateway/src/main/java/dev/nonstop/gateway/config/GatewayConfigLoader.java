package dev.nonstop.gateway.config;

import static dev.nonstop.common.config.FieldReader.field;
import static dev.nonstop.common.config.FieldReader.join;
import static dev.nonstop.common.config.FieldReader.render;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nonstop.common.config.ConfigException;
import dev.nonstop.common.config.ConfigFile;
import dev.nonstop.common.config.FieldReader;
import dev.nonstop.common.config.TreeParser;
import dev.nonstop.gateway.GatewaySettings;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.gateway.contract.TableJson;
import java.net.InetSocketAddress;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads a gateway config file (YAML; JSON is YAML too). Unset fields take the defaults of {@link
 * GatewaySettings.Builder}, {@link AdminSettings#defaults()} and {@link TableJson}. See {@code
 * example-gateway.yaml} in this package for every field.
 *
 * <p>Reading never stops at the first mistake: the {@link ConfigException} lists every problem
 * found, each with the path of the field, the value as written and what was expected.
 */
public final class GatewayConfigLoader {
    /** Data directory of a gateway whose file sets none, relative to the working directory. */
    public static final String DEFAULT_DATA_DIR = ".nonstop";

    /** Version of the initial table when the file sets none. */
    public static final long DEFAULT_VERSION = 1;

    /** How long a gateway started from a config file warms up when the file does not say (see {@code warmUp}). */
    public static final String DEFAULT_WARM_UP_TEXT = "2s";

    /** {@value #DEFAULT_WARM_UP_TEXT}, the warm-up of the gateways users start ({@code nonstop gateway}, {@code up}). */
    public static final Duration DEFAULT_WARM_UP = Duration.ofSeconds(2);

    private static final List<String> LIMIT_FIELDS =
            List.of("maxUriLength", "maxHeaderSize", "maxBodySize", "maxIdlePerMember");
    private static final List<String> TIMEOUT_FIELDS =
            List.of("headerRead", "idle", "connect", "response", "upstreamIdle", "shutdown");
    private static final List<String> ADMIN_FIELDS = List.of("listen", "tokenFile", "token");
    private static final List<String> ROOT_FIELDS = Stream.concat(
                    Stream.of(
                            "listen",
                            "eventLoops",
                            "reusePort",
                            "accessLog",
                            "dataDir",
                            "warmUp",
                            "limits",
                            "timeouts",
                            "admin"),
                    TableJson.FIELDS.stream())
            .toList();
    private static final String ADDRESS_FORMAT = "host:port, e.g. 127.0.0.1:8080, or {host: ..., port: ...}";
    private static final int MIN_TOKEN_LENGTH = 16;

    private GatewayConfigLoader() {}

    /** @throws ConfigException when the file cannot be read or holds any problem */
    public static GatewayConfig load(Path file) {
        return parse(file.toString(), ConfigFile.read(file));
    }

    /** Parses config text; {@code source} names it in messages. */
    public static GatewayConfig parse(String source, String yaml) {
        JsonNode root = TreeParser.yaml(source, yaml);
        FieldReader reader = new FieldReader();
        if (!reader.object(root, "", ROOT_FIELDS)) {
            throw new ConfigException(source, reader.problems());
        }
        GatewaySettings settings = readSettings(reader, root);
        AdminSettings admin = readAdmin(reader, field(root, "admin"));
        RoutingTable table = TableJson.read(reader, root, DEFAULT_VERSION, false);
        TableJson.validate(reader, table);
        reader.throwIfProblems(source);
        return new GatewayConfig(settings, admin, table);
    }

    /** Parses config text from an unnamed source. */
    public static GatewayConfig parse(String yaml) {
        return parse("(config)", yaml);
    }

    private static GatewaySettings readSettings(FieldReader r, JsonNode root) {
        GatewaySettings.Builder b = GatewaySettings.builder();
        InetSocketAddress listen = readAddress(r, root, "", "listen");
        if (listen != null) {
            b.listen(listen);
        }
        setIfPresent(r, root, "", "eventLoops", r.integer(root, "", "eventLoops", 0), b::eventLoops);
        setIfPresent(r, root, "", "reusePort", r.bool(root, "", "reusePort", true), b::reusePort);
        setIfPresent(r, root, "", "accessLog", r.bool(root, "", "accessLog", false), b::accessLog);
        b.dataDir(path(r, "dataDir", r.string(root, "", "dataDir", null), Path.of(DEFAULT_DATA_DIR)));
        b.warmUp(DEFAULT_WARM_UP);
        setIfPresent(r, root, "", "warmUp", r.duration(root, "", "warmUp", null), b::warmUp);

        JsonNode limits = field(root, "limits");
        if (limits != null && r.object(limits, "limits", LIMIT_FIELDS)) {
            setIfPresent(r, limits, "limits", "maxUriLength", intSize(r, limits, "maxUriLength"), b::maxUriLength);
            setIfPresent(r, limits, "limits", "maxHeaderSize", intSize(r, limits, "maxHeaderSize"), b::maxHeaderSize);
            setIfPresent(
                    r, limits, "limits", "maxBodySize", r.size(limits, "limits", "maxBodySize", -1), b::maxBodySize);
            setIfPresent(
                    r,
                    limits,
                    "limits",
                    "maxIdlePerMember",
                    r.integer(limits, "limits", "maxIdlePerMember", -1),
                    b::maxIdlePerMember);
        }

        JsonNode timeouts = field(root, "timeouts");
        if (timeouts != null && r.object(timeouts, "timeouts", TIMEOUT_FIELDS)) {
            String p = "timeouts";
            setIfPresent(
                    r, timeouts, p, "headerRead", r.duration(timeouts, p, "headerRead", null), b::headerReadTimeout);
            setIfPresent(r, timeouts, p, "idle", r.duration(timeouts, p, "idle", null), b::idleTimeout);
            setIfPresent(r, timeouts, p, "connect", r.duration(timeouts, p, "connect", null), b::connectTimeout);
            setIfPresent(r, timeouts, p, "response", r.duration(timeouts, p, "response", null), b::responseTimeout);
            setIfPresent(
                    r,
                    timeouts,
                    p,
                    "upstreamIdle",
                    r.duration(timeouts, p, "upstreamIdle", null),
                    b::upstreamIdleTimeout);
            setIfPresent(r, timeouts, p, "shutdown", r.duration(timeouts, p, "shutdown", null), b::shutdownTimeout);
        }
        return b.build();
    }

    /**
     * Passes a value that was present and read without a problem through the builder's validating
     * setter, reporting what the setter refuses at the field's path.
     */
    private static <T> void setIfPresent(
            FieldReader r, JsonNode obj, String path, String name, T value, Consumer<T> setter) {
        JsonNode written = field(obj, name);
        String fieldPath = join(path, name);
        if (written == null || value == null || r.reportedAt(fieldPath)) {
            return;
        }
        r.apply(fieldPath, written, value, setter);
    }

    /** A size that must fit an int, or null when absent or unreadable (reported). */
    private static Integer intSize(FieldReader r, JsonNode obj, String name) {
        if (field(obj, name) == null) {
            return null;
        }
        long size = r.size(obj, "limits", name, -1);
        if (size < 0) {
            return null;
        }
        if (size > Integer.MAX_VALUE) {
            r.problem(join("limits", name), render(obj.get(name)), "at most " + Integer.MAX_VALUE);
            return null;
        }
        return (int) size;
    }

    private static AdminSettings readAdmin(FieldReader r, JsonNode node) {
        AdminSettings defaults = AdminSettings.defaults();
        if (node == null || !r.object(node, "admin", ADMIN_FIELDS)) {
            return defaults;
        }
        InetSocketAddress listen = readAddress(r, node, "admin", "listen");
        String token = r.string(node, "admin", "token", null);
        String tokenFile = r.string(node, "admin", "tokenFile", null);
        if (token != null) {
            if (tokenFile != null) {
                r.problem("admin.token", "(hidden)", "either token or tokenFile, not both");
            } else if (token.length() < MIN_TOKEN_LENGTH || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                r.problem("admin.token", "(hidden)", "at least " + MIN_TOKEN_LENGTH + " visible ASCII characters");
            }
        }
        Path tokenPath = path(r, "admin.tokenFile", tokenFile, defaults.tokenFile());
        return new AdminSettings(listen == null ? defaults.listen() : listen, token != null ? null : tokenPath, token);
    }

    /** The path {@code text} (read at {@code fieldPath}) names, or {@code fallback} when absent or unusable (reported). */
    private static Path path(FieldReader r, String fieldPath, String text, Path fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            if (!text.isBlank()) {
                return Path.of(text);
            }
            r.problem(fieldPath, "\"\"", "a file path");
        } catch (InvalidPathException e) {
            r.problem(fieldPath, text, "a file path");
        }
        return fallback;
    }

    /**
     * An address written {@code host:port}, {@code [v6]:port} or {@code {host, port}}; null when
     * absent or unusable (reported). Port 0 means any free port.
     */
    private static InetSocketAddress readAddress(FieldReader r, JsonNode obj, String path, String name) {
        JsonNode node = field(obj, name);
        if (node == null) {
            return null;
        }
        String fieldPath = join(path, name);
        String host;
        int port;
        if (node.isObject()) {
            if (!r.object(node, fieldPath, List.of("host", "port"))) {
                return null;
            }
            int before = r.problems().size();
            host = r.requiredString(node, fieldPath, "host", "a host name or IP address");
            port = r.requiredInteger(node, fieldPath, "port", "0-65535");
            if (r.problems().size() > before) {
                return null;
            }
            if (port < 0 || port > 65535) {
                r.problem(join(fieldPath, "port"), port, "0-65535");
                return null;
            }
        } else if (node.isTextual()) {
            String text = node.textValue().strip();
            int colon = text.lastIndexOf(':');
            if (colon < 1 || colon == text.length() - 1) {
                r.problem(fieldPath, render(node), ADDRESS_FORMAT);
                return null;
            }
            host = text.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.contains(":")) {
                r.problem(fieldPath, render(node), "an IPv6 address in brackets, e.g. [::1]:8080");
                return null;
            }
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535) {
                r.problem(fieldPath, render(node), "a port 0-65535");
                return null;
            }
        } else {
            r.problem(fieldPath, render(node), ADDRESS_FORMAT);
            return null;
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            r.problem(fieldPath, render(node), "a resolvable host name or an IP address");
            return null;
        }
        return address;
    }
}
