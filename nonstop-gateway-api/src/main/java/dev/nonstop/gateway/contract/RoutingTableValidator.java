package dev.nonstop.gateway.contract;

import dev.nonstop.common.problem.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a routing table before it can be put in force. Collects every problem with the path of
 * the offending field, so one round trip tells an operator everything that is wrong.
 */
public final class RoutingTableValidator {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:\\[\\]-]{1,253}");
    private static final Pattern COOKIE_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}");
    /** Visible ASCII, with inner spaces and tabs (RFC 9110 field-value, without obs-text). */
    private static final Pattern HEADER_VALUE =
            Pattern.compile("[\\x21-\\x7e]([\\x20-\\x7e\\t]{0,1022}[\\x21-\\x7e])?");
    /** RFC 6265 cookie-octets. */
    private static final Pattern COOKIE_VALUE =
            Pattern.compile("[\\x21\\x23-\\x2b\\x2d-\\x3a\\x3c-\\x5b\\x5d-\\x7e]{1,1024}");

    private RoutingTableValidator() {}

    /** @throws InvalidTableException naming every problem found */
    public static RoutingTable requireValid(RoutingTable table) {
        List<Problem> problems = validate(table);
        if (!problems.isEmpty()) {
            throw new InvalidTableException(problems);
        }
        return table;
    }

    public static List<Problem> validate(RoutingTable table) {
        List<Problem> problems = new ArrayList<>();
        if (table.version() < 0) {
            problems.add(Problem.of("version", table.version(), ">= 0"));
        }
        Set<String> appNames = new HashSet<>();
        Set<String> memberIds = new HashSet<>();
        for (int a = 0; a < table.apps().size(); a++) {
            validateApp(table.apps().get(a), "apps[" + a + "]", appNames, memberIds, problems);
        }
        for (int r = 0; r < table.routes().size(); r++) {
            Route route = table.routes().get(r);
            String path = "routes[" + r + "]";
            if (!route.pathPrefix().startsWith("/")) {
                problems.add(Problem.of(path + ".pathPrefix", route.pathPrefix(), "a path starting with /"));
            }
            if (route.host() != null && !HOST.matcher(route.host()).matches()) {
                problems.add(Problem.of(path + ".host", route.host(), "a host name, or * for any"));
            }
            if (!appNames.contains(route.app())) {
                problems.add(Problem.of(path + ".app", route.app(), "one of the apps " + appNames));
            }
        }
        return problems;
    }

    private static void validateApp(
            App app, String path, Set<String> appNames, Set<String> memberIds, List<Problem> problems) {
        if (!ID.matcher(app.name()).matches()) {
            problems.add(Problem.of(path + ".name", app.name(), "letters, digits, '.', '_' or '-'"));
        } else if (!appNames.add(app.name())) {
            problems.add(Problem.of(path + ".name", app.name(), "a name no other app has"));
        }
        if (app.ejectAfterConnectFailures() < 0) {
            problems.add(Problem.of(path + ".ejectAfterConnectFailures", app.ejectAfterConnectFailures(), ">= 0"));
        }
        if (app.sticky() != null
                && !COOKIE_NAME.matcher(app.sticky().cookieName()).matches()) {
            problems.add(Problem.of(path + ".sticky.cookie", app.sticky().cookieName(), "a cookie name token"));
        }
        if (app.healthCheck() != null) {
            validateHealthCheck(app.healthCheck(), path + ".healthCheck", problems);
        }
        Set<String> groupNames = new HashSet<>();
        for (int g = 0; g < app.groups().size(); g++) {
            Group group = app.groups().get(g);
            String groupPath = path + ".groups[" + g + "]";
            if (!ID.matcher(group.name()).matches()) {
                problems.add(Problem.of(groupPath + ".name", group.name(), "letters, digits, '.', '_' or '-'"));
            } else if (!groupNames.add(group.name())) {
                problems.add(Problem.of(groupPath + ".name", group.name(), "a name no other group of the app has"));
            }
            if (group.version() != null
                    && (group.version().isBlank()
                            || !HEADER_VALUE.matcher(group.version()).matches())) {
                problems.add(Problem.of(
                        groupPath + ".version",
                        group.version().isEmpty() ? "\"\"" : group.version(),
                        "a version without control characters, e.g. 1.4.2"));
            }
            for (int m = 0; m < group.members().size(); m++) {
                validateMember(group.members().get(m), groupPath + ".members[" + m + "]", memberIds, problems);
            }
        }
        if (app.routing() != null) {
            Set<String> allGroups = new java.util.LinkedHashSet<>();
            app.groups().forEach(g -> allGroups.add(g.name()));
            validateRouting(app.routing(), path + ".routing", allGroups, problems);
        }
    }

    private static void validateRouting(GrayRouting routing, String path, Set<String> groups, List<Problem> problems) {
        requireGroup(routing.defaultGroup(), path + ".defaultGroup", groups, problems);
        for (int i = 0; i < routing.rules().size(); i++) {
            GrayRule rule = routing.rules().get(i);
            String rulePath = path + ".rules[" + i + "]";
            if (rule == null) {
                problems.add(new Problem(rulePath, "missing (expected: a header, cookie, network or percent rule)"));
                continue;
            }
            requireGroup(rule.group(), rulePath + ".group", groups, problems);
            switch (rule) {
                case HeaderRule h -> {
                    requireToken(h.name(), rulePath + ".name", HEADER_NAME, "a header name token", problems);
                    if (h.value() != null && !HEADER_VALUE.matcher(h.value()).matches()) {
                        problems.add(Problem.of(
                                rulePath + ".value",
                                shown(h.value()),
                                "visible ASCII characters (inner spaces allowed), or no value for any"));
                    }
                }
                case CookieRule c -> {
                    requireToken(c.name(), rulePath + ".name", COOKIE_NAME, "a cookie name token", problems);
                    if (c.value() != null && !COOKIE_VALUE.matcher(c.value()).matches()) {
                        problems.add(Problem.of(
                                rulePath + ".value",
                                shown(c.value()),
                                "a cookie value (no spaces, quotes, commas, semicolons or backslashes), or no value"
                                        + " for any"));
                    }
                }
                case NetworkRule n -> {
                    if (n.cidrs().isEmpty()) {
                        problems.add(Problem.of(rulePath + ".cidrs", "[]", "at least one network, e.g. 10.0.0.0/8"));
                    }
                    for (int c = 0; c < n.cidrs().size(); c++) {
                        String cidr = n.cidrs().get(c);
                        try {
                            Cidr.parse(cidr);
                        } catch (IllegalArgumentException e) {
                            problems.add(Problem.of(
                                    rulePath + ".cidrs[" + c + "]",
                                    shown(cidr),
                                    "an IPv4 or IPv6 network, e.g. 10.0.0.0/8 or fd00::/8 (" + e.getMessage() + ")"));
                        }
                    }
                }
                case PercentRule p -> {
                    if (!(p.percent() >= 0 && p.percent() <= 100)) {
                        problems.add(Problem.of(rulePath + ".percent", p.percent(), "0-100"));
                    }
                    PercentKey key = p.key();
                    if (key.kind() == PercentKey.Kind.CLIENT_ADDRESS) {
                        if (key.name() != null) {
                            problems.add(Problem.of(rulePath + ".key.name", key.name(), "no name for client-address"));
                        }
                    } else {
                        requireToken(
                                key.name(),
                                rulePath + ".key.name",
                                key.kind() == PercentKey.Kind.COOKIE ? COOKIE_NAME : HEADER_NAME,
                                key.kind() == PercentKey.Kind.COOKIE ? "a cookie name token" : "a header name token",
                                problems);
                    }
                }
            }
        }
        requireToken(routing.pin().name(), path + ".pin.name", COOKIE_NAME, "a cookie name token", problems);
        if (routing.pin().maxAge() != null && routing.pin().maxAge().getSeconds() < 1) {
            problems.add(Problem.of(
                    path + ".pin.maxAgeSeconds",
                    routing.pin().maxAge().getSeconds(),
                    ">= 1, or null for a session cookie"));
        }
        if (routing.trustedForwardedHops() < 0 || routing.trustedForwardedHops() > GrayRouting.MAX_TRUSTED_HOPS) {
            problems.add(Problem.of(
                    path + ".trustedForwardedHops",
                    routing.trustedForwardedHops(),
                    "0-" + GrayRouting.MAX_TRUSTED_HOPS));
        }
    }

    private static void requireGroup(String group, String path, Set<String> groups, List<Problem> problems) {
        if (group == null || !groups.contains(group)) {
            problems.add(Problem.of(path, shown(group), "one of the app's groups " + groups));
        }
    }

    private static void requireToken(
            String value, String path, Pattern token, String expected, List<Problem> problems) {
        if (value == null || !token.matcher(value).matches()) {
            problems.add(Problem.of(path, shown(value), expected));
        }
    }

    private static String shown(String value) {
        if (value == null) {
            return "null";
        }
        return value.isEmpty() ? "\"\"" : value.replace("\r", "\\r").replace("\n", "\\n");
    }

    private static void validateMember(Member member, String path, Set<String> ids, List<Problem> problems) {
        if (!ID.matcher(member.id()).matches()) {
            problems.add(Problem.of(path + ".id", member.id(), "letters, digits, '.', '_' or '-'"));
        } else if (!ids.add(member.id())) {
            problems.add(Problem.of(path + ".id", member.id(), "an id no other member has"));
        }
        if (!HOST.matcher(member.host()).matches()) {
            problems.add(Problem.of(
                    path + ".host", member.host().isEmpty() ? "\"\"" : member.host(), "a host name or IP address"));
        }
        if (member.port() < 1 || member.port() > 65535) {
            problems.add(Problem.of(path + ".port", member.port(), "1-65535"));
        }
        if (member.weight() < 0 || member.weight() > Member.MAX_WEIGHT) {
            problems.add(Problem.of(path + ".weight", member.weight(), "0-" + Member.MAX_WEIGHT));
        }
    }

    private static void validateHealthCheck(HealthCheck check, String path, List<Problem> problems) {
        if (!check.path().startsWith("/")) {
            problems.add(Problem.of(path + ".path", check.path(), "a path starting with /"));
        }
        requirePositive(check.interval(), path + ".interval", problems);
        requirePositive(check.timeout(), path + ".timeout", problems);
        if (check.rise() < 1 || check.rise() > 100) {
            problems.add(Problem.of(path + ".rise", check.rise(), "1-100"));
        }
        if (check.fall() < 1 || check.fall() > 100) {
            problems.add(Problem.of(path + ".fall", check.fall(), "1-100"));
        }
    }

    private static void requirePositive(Duration d, String path, List<Problem> problems) {
        if (d.isNegative() || d.isZero()) {
            problems.add(Problem.of(path, d, "> 0"));
        }
    }
}
