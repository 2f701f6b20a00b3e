package dev.nonstop.gateway.proxy;

import dev.nonstop.gateway.balancing.Balancer;
import dev.nonstop.gateway.balancing.MemberHandle;
import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.Group;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.Route;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.gateway.stats.GatewayStats;
import dev.nonstop.gateway.stats.GroupStats;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A routing table prepared for lookups on the hot path: routes ordered most specific first (a named
 * host before any host, then the longest path prefix), a balancer per app, member addresses
 * resolved. Built off the event loops each time a table is put in force.
 */
final class CompiledTable {
    private final RoutingTable table;
    private final Route[] routes;
    private final Map<String, AppRuntime> apps;
    private final Map<String, MemberHandle> members;
    private final boolean hostRoutes;
    private final String soleHost;
    private final AppRuntime catchAll;

    private CompiledTable(
            RoutingTable table, Route[] routes, Map<String, AppRuntime> apps, Map<String, MemberHandle> members) {
        this.table = table;
        this.routes = routes;
        this.apps = apps;
        this.members = members;
        this.hostRoutes = java.util.Arrays.stream(routes).anyMatch(r -> r.host() != null);
        List<String> hosts = java.util.Arrays.stream(routes)
                .map(Route::host)
                .filter(Objects::nonNull)
                .distinct()
                .toList();
        this.soleHost = hosts.size() == 1 ? hosts.get(0) : null;
        // One route for every host and path: no need to look at the request at all.
        this.catchAll = routes.length == 1
                        && routes[0].host() == null
                        && routes[0].pathPrefix().equals("/")
                ? apps.get(routes[0].app())
                : null;
    }

    /** Whether any route names a host: if none does, the Host header need not be parsed. */
    boolean hasHostRoutes() {
        return hostRoutes;
    }

    /** The one host the routes name, when they name exactly one (the routes may also have host-less ones). */
    String soleHost() {
        return soleHost;
    }

    /** The app every request goes to when the table has a single catch-all route, else null. */
    AppRuntime catchAll() {
        return catchAll;
    }

    static CompiledTable compile(RoutingTable table, GatewayStats stats) {
        Route[] routes = table.routes().stream()
                .sorted(Comparator.comparing((Route r) -> r.host() == null)
                        .thenComparing(r -> -r.pathPrefix().length()))
                .toArray(Route[]::new);
        Map<String, AppRuntime> apps = new HashMap<>();
        Map<String, MemberHandle> allMembers = new HashMap<>();
        for (App app : table.apps()) {
            List<MemberHandle> handles = new ArrayList<>();
            Map<String, MemberHandle> byId = new LinkedHashMap<>();
            List<GroupRuntime> groups = new ArrayList<>();
            for (Group group : app.groups()) {
                GroupStats groupStats = stats.group(app.name(), group.name(), group.version());
                List<MemberHandle> groupHandles = new ArrayList<>();
                Map<String, MemberHandle> groupById = new LinkedHashMap<>();
                for (Member m : group.members()) {
                    MemberHandle handle = new MemberHandle(m, stats.member(m.id(), app.name()), resolve(m), groupStats);
                    handles.add(handle);
                    groupHandles.add(handle);
                    byId.put(m.id(), handle);
                    groupById.put(m.id(), handle);
                    allMembers.put(m.id(), handle);
                }
                if (app.routing() != null) {
                    groups.add(new GroupRuntime(
                            group.name(),
                            groups.size(),
                            Balancer.of(app, groupHandles),
                            List.copyOf(groupHandles),
                            Map.copyOf(groupById),
                            groupStats,
                            app.routing().pin()));
                }
            }
            GroupRouter router = app.routing() == null ? null : GroupRouter.compile(app.routing(), groups);
            apps.put(
                    app.name(),
                    new AppRuntime(app, Balancer.of(app, handles), List.copyOf(handles), Map.copyOf(byId), router));
        }
        return new CompiledTable(table, routes, Map.copyOf(apps), Map.copyOf(allMembers));
    }

    private static InetSocketAddress resolve(Member m) {
        // Resolved here, on the thread putting the table in force, so no event loop ever blocks
        // on DNS. An unresolvable host stays unresolved and fails its connects (then is ejected).
        return new InetSocketAddress(m.host(), m.port());
    }

    RoutingTable table() {
        return table;
    }

    long version() {
        return table.version();
    }

    Map<String, AppRuntime> apps() {
        return apps;
    }

    MemberHandle member(String id) {
        return members.get(id);
    }

    /**
     * @param host lower-case host without port, or {@code null}
     * @return the most specific route that matches, or {@code null}
     */
    Route match(String host, String path) {
        for (Route route : routes) {
            if (route.matches(host, path)) {
                return route;
            }
        }
        return null;
    }

    AppRuntime app(Route route) {
        return apps.get(route.app());
    }
}
