package dev.nonstop.cli.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.nonstop.common.config.ConfigException;
import dev.nonstop.common.config.ConfigFile;
import dev.nonstop.common.config.FieldReader;
import dev.nonstop.common.config.TreeParser;
import dev.nonstop.controller.ControllerSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code controller.yaml}, naming every problem with its path; paths relative to the file. */
final class ControllerConfigLoader {
    private static final List<String> ROOT = List.of(
            "id",
            "listen",
            "tokenFile",
            "store",
            "user",
            "password",
            "leases",
            "appTokenFile",
            "gateways",
            "agents",
            "warmUp");
    private static final List<String> ENDPOINT = List.of("url", "tokenFile");
    private static final Map<String, List<String>> LEASE_FIELDS = Map.of(
            "jdbc", List.of("backend"),
            "redis", List.of("backend", "uri"),
            "zookeeper", List.of("backend", "connect"),
            "etcd", List.of("backend", "endpoints"));
    private static final String BACKENDS = "one of: jdbc, redis, zookeeper, etcd";

    /** How long a controller warms up when its file does not say ({@code warmUp}). */
    static final String DEFAULT_WARM_UP_TEXT = "5s";

    static final Duration DEFAULT_WARM_UP = ControllerSettings.COMMAND_WARM_UP;

    private ControllerConfigLoader() {}

    /** @throws ConfigException when the file is unreadable, not UTF-8 or holds any problem, each named */
    static ControllerConfig load(Path file) {
        return parse(
                file.toString(), ConfigFile.read(file), file.toAbsolutePath().getParent());
    }

    static ControllerConfig parse(String source, String text, Path base) {
        JsonNode root = TreeParser.yaml(source, text);
        if (root == null || root.isNull() || root.isMissingNode()) {
            root = JsonNodeFactory.instance.objectNode();
        }
        FieldReader r = new FieldReader();
        if (!r.object(root, "", ROOT)) {
            r.throwIfProblems(source);
        }
        String id =
                r.string(root, "", "id", "controller-" + ProcessHandle.current().pid());
        String listen = r.string(root, "", "listen", "127.0.0.1:9070");
        InetSocketAddress address = null;
        int colon = listen.lastIndexOf(':');
        try {
            address = new InetSocketAddress(listen.substring(0, colon), Integer.parseInt(listen.substring(colon + 1)));
        } catch (RuntimeException e) {
            r.problem("listen", listen, "host:port");
        }
        Path tokenFile = base.resolve(r.string(root, "", "tokenFile", ".nonstop/controller.token"));
        String store = r.requiredString(root, "", "store", "a JDBC URL, e.g. jdbc:postgresql://db:5432/nonstop");
        if (!store.isEmpty() && !store.startsWith("jdbc:")) {
            r.problem("store", store, "a JDBC URL, e.g. jdbc:postgresql://db:5432/nonstop");
        }
        String user = r.string(root, "", "user", "");
        String password = r.string(root, "", "password", "");
        ControllerConfig.Leases leases = leases(r, root);
        Path appTokenFile = base.resolve(r.string(root, "", "appTokenFile", ".nonstop/app.token"));
        List<ControllerConfig.Endpoint> gateways = new ArrayList<>();
        List<JsonNode> gatewayNodes = r.list(root, "", "gateways", true);
        for (int i = 0; i < gatewayNodes.size(); i++) {
            gateways.add(endpoint(r, gatewayNodes.get(i), FieldReader.index("gateways", i), base));
        }
        Map<String, ControllerConfig.Endpoint> agents = new LinkedHashMap<>();
        JsonNode agentNodes = FieldReader.field(root, "agents");
        if (agentNodes == null) {
            r.missing("agents", "a map of host name to {url, tokenFile}");
        } else if (!agentNodes.isObject()) {
            r.problem("agents", FieldReader.render(agentNodes), "a map of host name to {url, tokenFile}");
        } else {
            agentNodes
                    .fields()
                    .forEachRemaining(e -> agents.put(
                            e.getKey(), endpoint(r, e.getValue(), FieldReader.join("agents", e.getKey()), base)));
        }
        Duration warmUp = r.duration(root, "", "warmUp", DEFAULT_WARM_UP);
        if (warmUp.isNegative()) {
            r.problem("warmUp", FieldReader.render(root.get("warmUp")), "a duration >= 0, e.g. 2s (0s: none)");
            warmUp = DEFAULT_WARM_UP;
        }
        r.throwIfProblems(source);
        return new ControllerConfig(
                id,
                address,
                tokenFile,
                store,
                user,
                password,
                leases,
                appTokenFile,
                List.copyOf(gateways),
                Map.copyOf(agents),
                warmUp);
    }

    /** The {@code leases} section; absent means the store's own database. */
    private static ControllerConfig.Leases leases(FieldReader r, JsonNode root) {
        JsonNode node = FieldReader.field(root, "leases");
        if (node == null) {
            return new ControllerConfig.Leases.Jdbc();
        }
        if (!node.isObject()) {
            r.problem("leases", FieldReader.render(node), "an object, e.g. { backend: etcd, endpoints: [...] }");
            return null;
        }
        String backend = r.string(node, "leases", "backend", "jdbc");
        List<String> known = LEASE_FIELDS.get(backend);
        if (known == null) {
            r.problem("leases.backend", backend, BACKENDS);
            return null;
        }
        r.object(node, "leases", known);
        return switch (backend) {
            case "redis" -> new ControllerConfig.Leases.Redis(redisUri(r, node));
            case "zookeeper" -> new ControllerConfig.Leases.ZooKeeper(zooKeeperConnect(r, node));
            case "etcd" -> new ControllerConfig.Leases.Etcd(etcdEndpoints(r, node));
            default -> new ControllerConfig.Leases.Jdbc();
        };
    }

    private static URI redisUri(FieldReader r, JsonNode node) {
        String expected = "a redis:// or rediss:// URI, e.g. redis://127.0.0.1:6379";
        String uri = r.requiredString(node, "leases", "uri", expected);
        if (uri.isEmpty()) {
            return null;
        }
        try {
            URI parsed = new URI(uri);
            if (("redis".equals(parsed.getScheme()) || "rediss".equals(parsed.getScheme()))
                    && parsed.getHost() != null) {
                return parsed;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        r.problem("leases.uri", uri, expected);
        return null;
    }

    private static String zooKeeperConnect(FieldReader r, JsonNode node) {
        String expected = "host:port[,host:port...][/chroot], e.g. 127.0.0.1:2181";
        String connect = r.requiredString(node, "leases", "connect", expected);
        if (connect.isEmpty()) {
            return null;
        }
        int slash = connect.indexOf('/');
        String hosts = slash < 0 ? connect : connect.substring(0, slash);
        for (String host : hosts.split(",", -1)) {
            if (!host.matches("[A-Za-z0-9._\\-]+:\\d{1,5}")
                    || Integer.parseInt(host.substring(host.lastIndexOf(':') + 1)) > 65535) {
                r.problem("leases.connect", connect, expected);
                return null;
            }
        }
        return connect;
    }

    private static List<URI> etcdEndpoints(FieldReader r, JsonNode node) {
        String expected = "an http:// or https:// URL, e.g. http://127.0.0.1:2379";
        List<JsonNode> nodes = r.list(node, "leases", "endpoints", true);
        if (nodes.isEmpty() && FieldReader.field(node, "endpoints") != null && !r.reportedAt("leases.endpoints")) {
            r.problem("leases.endpoints", "[]", "at least one etcd endpoint");
        }
        List<URI> endpoints = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            String path = FieldReader.index("leases.endpoints", i);
            JsonNode n = nodes.get(i);
            if (!n.isTextual()) {
                r.problem(path, FieldReader.render(n), expected);
                continue;
            }
            try {
                URI uri = new URI(n.textValue());
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    endpoints.add(uri);
                    continue;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            r.problem(path, n.textValue(), expected);
        }
        return List.copyOf(endpoints);
    }

    private static ControllerConfig.Endpoint endpoint(FieldReader r, JsonNode node, String path, Path base) {
        if (!r.object(node, path, ENDPOINT)) {
            return null;
        }
        String url = r.requiredString(node, path, "url", "the API's base URL, e.g. http://10.0.0.5:9090");
        URI uri = null;
        try {
            uri = URI.create(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            if (!url.isEmpty()) {
                r.problem(path + ".url", url, "an http:// or https:// URL");
            }
        }
        String tokenFile = r.requiredString(node, path, "tokenFile", "the file holding that API's token");
        return new ControllerConfig.Endpoint(uri, tokenFile.isEmpty() ? null : base.resolve(tokenFile));
    }
}
