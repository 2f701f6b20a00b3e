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
            for (int m = 0; m < group.members().size(); m++) {
                validateMember(group.members().get(m), groupPath + ".members[" + m + "]", memberIds, problems);
            }
        }
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
