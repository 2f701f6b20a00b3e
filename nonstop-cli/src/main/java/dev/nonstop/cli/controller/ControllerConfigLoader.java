package dev.nonstop.cli.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.nonstop.gateway.config.ConfigException;
import dev.nonstop.gateway.config.ConfigFile;
import dev.nonstop.gateway.config.FieldReader;
import dev.nonstop.gateway.config.TreeParser;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code controller.yaml}, naming every problem with its path; paths relative to the file. */
final class ControllerConfigLoader {
    private static final List<String> ROOT =
            List.of("id", "listen", "tokenFile", "store", "user", "password", "appTokenFile", "gateways", "agents");
    private static final List<String> ENDPOINT = List.of("url", "tokenFile");

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
        r.throwIfProblems(source);
        return new ControllerConfig(
                id, address, tokenFile, store, user, password, appTokenFile, List.copyOf(gateways), Map.copyOf(agents));
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
