package dev.nonstop.gateway.contract;

import static dev.nonstop.common.config.FieldReader.field;
import static dev.nonstop.common.config.FieldReader.index;
import static dev.nonstop.common.config.FieldReader.join;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nonstop.common.config.ConfigException;
import dev.nonstop.common.config.ConfigValues;
import dev.nonstop.common.config.FieldReader;
import dev.nonstop.common.problem.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON (and YAML) shape of a {@link RoutingTable}, the same in the config file and in the admin
 * API, so that an operator can {@code GET} the table, edit it and {@code PUT} it back:
 *
 * <pre>{@code
 * version: 7
 * apps:
 *   - name: shop
 *     balancing: round-robin            # or least-in-flight
 *     sticky: { cookie: NONSTOP_MEMBER } # optional
 *     healthCheck: { path: /health, interval: 2s, timeout: 1s, rise: 2, fall: 3 }   # optional
 *     ejectAfterConnectFailures: 3
 *     routing:                          # optional: pick a group per request (gray release)
 *       defaultGroup: blue
 *       rules:
 *         - { type: header, name: X-Nonstop-Group, value: green, group: green }   # no value: any
 *         - { type: cookie, name: beta, value: "1", group: green }
 *         - { type: network, cidrs: [10.0.0.0/8, "fd00::/8"], group: green }
 *         - { type: percent, percent: 25, key: { kind: cookie, name: JSESSIONID }, group: green }
 *       pin: { name: NONSTOP_GROUP, maxAgeSeconds: null }   # kind: cookie, header or client-address
 *       trustedForwardedHops: 0
 *     groups:
 *       - name: blue
 *         version: 1.4.2                  # optional, informational
 *         members:
 *           - { id: shop-1, host: 127.0.0.1, port: 8081, weight: 100, state: ACTIVE }
 * routes:
 *   - { host: shop.example.com, pathPrefix: /, app: shop }   # no host: any host
 * }</pre>
 *
 * Reading checks the structure (types, required and unknown fields) and then runs {@link
 * RoutingTableValidator}, reporting every problem with its path.
 */
public final class TableJson {
    /** The table's top-level fields, which a config file that embeds a table also allows. */
    public static final List<String> FIELDS = List.of("version", "apps", "routes");

    private static final List<String> APP_FIELDS =
            List.of("name", "balancing", "sticky", "healthCheck", "ejectAfterConnectFailures", "groups", "routing");
    private static final List<String> GROUP_FIELDS = List.of("name", "version", "members");
    private static final List<String> ROUTING_FIELDS = List.of("defaultGroup", "rules", "pin", "trustedForwardedHops");
    private static final List<String> HEADER_RULE_FIELDS = List.of("type", "name", "value", "group");
    private static final List<String> NETWORK_RULE_FIELDS = List.of("type", "cidrs", "group");
    private static final List<String> PERCENT_RULE_FIELDS = List.of("type", "percent", "key", "group");
    private static final List<String> KEY_FIELDS = List.of("kind", "name");
    private static final List<String> PIN_FIELDS = List.of("name", "maxAgeSeconds");
    private static final String RULE_TYPES = "header, cookie, network, percent";
    private static final List<String> MEMBER_FIELDS = List.of("id", "host", "port", "weight", "state");
    private static final List<String> STICKY_FIELDS = List.of("cookie");
    private static final List<String> HEALTH_FIELDS = List.of("path", "interval", "timeout", "rise", "fall");
    private static final List<String> ROUTE_FIELDS = List.of("host", "pathPrefix", "app");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TableJson() {}

    /** The table as a tree; {@code Jackson} writes it as JSON or YAML. */
    public static ObjectNode toTree(RoutingTable table) {
        ObjectNode root = NODES.objectNode();
        root.put("version", table.version());
        ArrayNode apps = root.putArray("apps");
        for (App app : table.apps()) {
            apps.add(appTree(app));
        }
        ArrayNode routes = root.putArray("routes");
        for (Route route : table.routes()) {
            ObjectNode r = routes.addObject();
            if (route.host() != null) {
                r.put("host", route.host());
            }
            r.put("pathPrefix", route.pathPrefix());
            r.put("app", route.app());
        }
        return root;
    }

    /** One member as the table shows it: {@code {id, host, port, weight, state}}. */
    public static ObjectNode memberTree(Member m) {
        ObjectNode node = NODES.objectNode();
        node.put("id", m.id());
        node.put("host", m.host());
        node.put("port", m.port());
        node.put("weight", m.weight());
        node.put("state", m.state().name());
        return node;
    }

    private static ObjectNode appTree(App app) {
        ObjectNode a = NODES.objectNode();
        a.put("name", app.name());
        a.put("balancing", FieldReader.enumName(app.balancing()));
        if (app.sticky() != null) {
            a.putObject("sticky").put("cookie", app.sticky().cookieName());
        }
        HealthCheck check = app.healthCheck();
        if (check != null) {
            ObjectNode h = a.putObject("healthCheck");
            h.put("path", check.path());
            h.put("interval", ConfigValues.formatDuration(check.interval()));
            h.put("timeout", ConfigValues.formatDuration(check.timeout()));
            h.put("rise", check.rise());
            h.put("fall", check.fall());
        }
        a.put("ejectAfterConnectFailures", app.ejectAfterConnectFailures());
        ArrayNode groups = a.putArray("groups");
        for (Group group : app.groups()) {
            ObjectNode g = groups.addObject();
            g.put("name", group.name());
            if (group.version() != null) {
                g.put("version", group.version());
            }
            ArrayNode members = g.putArray("members");
            group.members().forEach(m -> members.add(memberTree(m)));
        }
        if (app.routing() != null) {
            a.set("routing", routingTree(app.routing()));
        }
        return a;
    }

    /** Gray routing as the table shows it (the {@code routing} field of an app). */
    public static ObjectNode routingTree(GrayRouting routing) {
        ObjectNode node = NODES.objectNode();
        node.put("defaultGroup", routing.defaultGroup());
        ArrayNode rules = node.putArray("rules");
        for (GrayRule rule : routing.rules()) {
            ObjectNode r = rules.addObject();
            switch (rule) {
                case HeaderRule h -> {
                    r.put("type", "header");
                    r.put("name", h.name());
                    if (h.value() != null) {
                        r.put("value", h.value());
                    }
                }
                case CookieRule c -> {
                    r.put("type", "cookie");
                    r.put("name", c.name());
                    if (c.value() != null) {
                        r.put("value", c.value());
                    }
                }
                case NetworkRule n -> {
                    r.put("type", "network");
                    ArrayNode cidrs = r.putArray("cidrs");
                    n.cidrs().forEach(cidrs::add);
                }
                case PercentRule p -> {
                    r.put("type", "percent");
                    if (p.percent() == Math.rint(p.percent()) && !Double.isInfinite(p.percent())) {
                        r.put("percent", (long) p.percent());
                    } else {
                        r.put("percent", p.percent());
                    }
                    ObjectNode key = r.putObject("key");
                    key.put("kind", FieldReader.enumName(p.key().kind()));
                    if (p.key().name() != null) {
                        key.put("name", p.key().name());
                    }
                }
            }
            r.put("group", rule.group());
        }
        ObjectNode pin = node.putObject("pin");
        pin.put("name", routing.pin().name());
        if (routing.pin().maxAge() != null) {
            pin.put("maxAgeSeconds", routing.pin().maxAge().getSeconds());
        } else {
            pin.putNull("maxAgeSeconds");
        }
        node.put("trustedForwardedHops", routing.trustedForwardedHops());
        return node;
    }

    /**
     * Reads a whole table, as sent to the admin API: {@code apps} and {@code routes} are required
     * (an empty list is fine, a forgotten field is not), {@code version} is optional.
     *
     * @param defaultVersion the version when the tree has none
     * @throws ConfigException naming every problem, structural or semantic
     */
    public static RoutingTable fromTree(String source, JsonNode tree, long defaultVersion) {
        FieldReader reader = new FieldReader();
        if (!reader.object(tree, "", FIELDS)) {
            throw new ConfigException(source, reader.problems());
        }
        RoutingTable table = read(reader, tree, defaultVersion, true);
        validate(reader, table);
        reader.throwIfProblems(source);
        return table;
    }

    /**
     * Reads {@code version}, {@code apps} and {@code routes} from {@code root}; does not check
     * {@code root} for unknown fields (the caller knows which others it allows). Returns a best
     * effort table: fields that failed to read hold placeholders, and their problems are in {@code
     * reader}.
     */
    public static RoutingTable read(FieldReader reader, JsonNode root, long defaultVersion, boolean requireLists) {
        long version = reader.longValue(root, "", "version", defaultVersion);
        List<App> apps = new ArrayList<>();
        List<JsonNode> appNodes = reader.list(root, "", "apps", requireLists);
        for (int i = 0; i < appNodes.size(); i++) {
            App app = readApp(reader, appNodes.get(i), index("apps", i));
            if (app != null) {
                apps.add(app);
            }
        }
        List<Route> routes = new ArrayList<>();
        List<JsonNode> routeNodes = reader.list(root, "", "routes", requireLists);
        for (int i = 0; i < routeNodes.size(); i++) {
            Route route = readRoute(reader, routeNodes.get(i), index("routes", i));
            if (route != null) {
                routes.add(route);
            }
        }
        return new RoutingTable(version, routes, apps);
    }

    /**
     * Adds the {@link RoutingTableValidator}'s problems to {@code reader}, except at paths where
     * reading already reported one (a missing port is not also "0 (expected: 1-65535)").
     */
    public static void validate(FieldReader reader, RoutingTable table) {
        for (Problem p : RoutingTableValidator.validate(table)) {
            if (!reader.reportedAt(p.path())) {
                reader.problems().add(p);
            }
        }
    }

    private static App readApp(FieldReader r, JsonNode node, String path) {
        if (!r.object(node, path, APP_FIELDS)) {
            return null;
        }
        String name = r.requiredString(node, path, "name", "the app's name");
        Balancing balancing = r.enumValue(node, path, "balancing", Balancing.class, Balancing.ROUND_ROBIN);
        StickySessions sticky = readSticky(r, node, path);
        HealthCheck check = readHealthCheck(r, node, path);
        int eject = r.integer(node, path, "ejectAfterConnectFailures", App.DEFAULT_EJECT_AFTER);
        List<Group> groups = new ArrayList<>();
        List<JsonNode> groupNodes = r.list(node, path, "groups", true);
        for (int i = 0; i < groupNodes.size(); i++) {
            String groupPath = index(join(path, "groups"), i);
            JsonNode g = groupNodes.get(i);
            if (!r.object(g, groupPath, GROUP_FIELDS)) {
                continue;
            }
            String groupName = r.requiredString(g, groupPath, "name", "the group's name, e.g. blue");
            String groupVersion = r.string(g, groupPath, "version", null);
            List<Member> members = new ArrayList<>();
            List<JsonNode> memberNodes = r.list(g, groupPath, "members", true);
            for (int m = 0; m < memberNodes.size(); m++) {
                Member member = readMember(r, memberNodes.get(m), index(join(groupPath, "members"), m));
                if (member != null) {
                    members.add(member);
                }
            }
            groups.add(new Group(groupName, groupVersion, members));
        }
        GrayRouting routing = readRouting(r, node, path);
        return new App(name, groups, balancing, sticky, check, eject, routing);
    }

    private static GrayRouting readRouting(FieldReader r, JsonNode app, String appPath) {
        JsonNode node = field(app, "routing");
        if (node == null) {
            return null;
        }
        String path = join(appPath, "routing");
        if (!r.object(node, path, ROUTING_FIELDS)) {
            return null;
        }
        String defaultGroup = r.requiredString(node, path, "defaultGroup", "the group that gets the other requests");
        List<GrayRule> rules = new ArrayList<>();
        List<JsonNode> ruleNodes = r.list(node, path, "rules", false);
        for (int i = 0; i < ruleNodes.size(); i++) {
            GrayRule rule = readRule(r, ruleNodes.get(i), index(join(path, "rules"), i));
            if (rule != null) {
                rules.add(rule);
            }
        }
        PinCookie pin = PinCookie.defaults();
        JsonNode pinNode = field(node, "pin");
        String pinPath = join(path, "pin");
        if (pinNode != null && r.object(pinNode, pinPath, PIN_FIELDS)) {
            String pinName = r.string(pinNode, pinPath, "name", PinCookie.DEFAULT_NAME);
            long maxAge = r.longValue(pinNode, pinPath, "maxAgeSeconds", -1);
            if (field(pinNode, "maxAgeSeconds") != null && maxAge < 1) {
                r.problem(join(pinPath, "maxAgeSeconds"), maxAge, ">= 1, or null for a session cookie");
            }
            pin = new PinCookie(pinName, maxAge >= 1 ? Duration.ofSeconds(maxAge) : null);
        }
        int hops = r.integer(node, path, "trustedForwardedHops", 0);
        return new GrayRouting(defaultGroup, rules, pin, hops);
    }

    private static GrayRule readRule(FieldReader r, JsonNode node, String path) {
        if (!node.isObject()) {
            r.problem(path, FieldReader.render(node), "an object with a type: " + RULE_TYPES);
            return null;
        }
        JsonNode typeNode = field(node, "type");
        if (typeNode == null) {
            r.missing(join(path, "type"), "one of " + RULE_TYPES);
            return null;
        }
        String type = typeNode.isTextual() ? typeNode.textValue().strip().toLowerCase(java.util.Locale.ROOT) : "";
        switch (type) {
            case "header", "cookie" -> {
                r.object(node, path, HEADER_RULE_FIELDS);
                String name = r.requiredString(
                        node,
                        path,
                        "name",
                        type.equals("header") ? "a header name, e.g. X-Nonstop-Group" : "a cookie name");
                String value = r.string(node, path, "value", null);
                String group = r.requiredString(node, path, "group", "a group of the app");
                return type.equals("header") ? new HeaderRule(name, value, group) : new CookieRule(name, value, group);
            }
            case "network" -> {
                r.object(node, path, NETWORK_RULE_FIELDS);
                List<String> cidrs = new ArrayList<>();
                List<JsonNode> cidrNodes = r.list(node, path, "cidrs", true);
                for (int i = 0; i < cidrNodes.size(); i++) {
                    JsonNode c = cidrNodes.get(i);
                    if (c.isTextual()) {
                        cidrs.add(c.textValue());
                    } else {
                        r.problem(index(join(path, "cidrs"), i), FieldReader.render(c), "a network such as 10.0.0.0/8");
                        cidrs.add("");
                    }
                }
                String group = r.requiredString(node, path, "group", "a group of the app");
                return new NetworkRule(cidrs, group);
            }
            case "percent" -> {
                r.object(node, path, PERCENT_RULE_FIELDS);
                double percent = 0;
                JsonNode p = field(node, "percent");
                if (p == null) {
                    r.missing(join(path, "percent"), "0-100");
                } else if (!p.isNumber()) {
                    r.problem(join(path, "percent"), FieldReader.render(p), "a number 0-100");
                } else {
                    percent = p.doubleValue();
                }
                PercentKey key = readKey(r, node, path);
                String group = r.requiredString(node, path, "group", "a group of the app");
                return new PercentRule(percent, key, group);
            }
            default -> {
                r.problem(join(path, "type"), FieldReader.render(typeNode), "one of " + RULE_TYPES);
                return null;
            }
        }
    }

    private static PercentKey readKey(FieldReader r, JsonNode rule, String rulePath) {
        JsonNode node = field(rule, "key");
        String path = join(rulePath, "key");
        if (node == null) {
            r.missing(path, "{kind: cookie|header|client-address, name: ...}");
            return PercentKey.clientAddress();
        }
        if (!r.object(node, path, KEY_FIELDS)) {
            return PercentKey.clientAddress();
        }
        if (field(node, "kind") == null) {
            r.missing(join(path, "kind"), "one of " + FieldReader.enumNames(PercentKey.Kind.class));
            return PercentKey.clientAddress();
        }
        PercentKey.Kind kind = r.enumValue(node, path, "kind", PercentKey.Kind.class, PercentKey.Kind.CLIENT_ADDRESS);
        String name = r.string(node, path, "name", null);
        if (kind != PercentKey.Kind.CLIENT_ADDRESS && name == null) {
            r.missing(join(path, "name"), kind == PercentKey.Kind.COOKIE ? "a cookie name" : "a header name");
            name = "";
        }
        return new PercentKey(kind, name);
    }

    private static StickySessions readSticky(FieldReader r, JsonNode app, String appPath) {
        JsonNode node = field(app, "sticky");
        if (node == null) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue() ? new StickySessions(StickySessions.DEFAULT_COOKIE) : null;
        }
        String path = join(appPath, "sticky");
        if (!r.object(node, path, STICKY_FIELDS)) {
            return null;
        }
        return new StickySessions(r.string(node, path, "cookie", StickySessions.DEFAULT_COOKIE));
    }

    private static HealthCheck readHealthCheck(FieldReader r, JsonNode app, String appPath) {
        JsonNode node = field(app, "healthCheck");
        if (node == null) {
            return null;
        }
        String path = join(appPath, "healthCheck");
        if (!r.object(node, path, HEALTH_FIELDS)) {
            return null;
        }
        return new HealthCheck(
                r.requiredString(node, path, "path", "the path to GET, e.g. /health"),
                r.positiveDuration(node, path, "interval", HealthCheck.DEFAULT_INTERVAL),
                r.positiveDuration(node, path, "timeout", HealthCheck.DEFAULT_TIMEOUT),
                r.integer(node, path, "rise", 2),
                r.integer(node, path, "fall", 3));
    }

    private static Member readMember(FieldReader r, JsonNode node, String path) {
        if (!r.object(node, path, MEMBER_FIELDS)) {
            return null;
        }
        return new Member(
                r.requiredString(node, path, "id", "an id unique in the table, e.g. shop-1"),
                r.requiredString(node, path, "host", "a host name or IP address"),
                r.requiredInteger(node, path, "port", "1-65535"),
                r.integer(node, path, "weight", Member.DEFAULT_WEIGHT),
                r.enumValue(node, path, "state", MemberState.class, MemberState.ACTIVE, true));
    }

    private static Route readRoute(FieldReader r, JsonNode node, String path) {
        if (!r.object(node, path, ROUTE_FIELDS)) {
            return null;
        }
        return new Route(
                r.string(node, path, "host", null),
                r.string(node, path, "pathPrefix", "/"),
                r.requiredString(node, path, "app", "the name of an app"));
    }
}
