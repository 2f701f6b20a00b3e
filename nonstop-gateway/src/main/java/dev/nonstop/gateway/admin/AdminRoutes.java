package dev.nonstop.gateway.admin;

import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.PUT;

import dev.nonstop.common.http.RouteTable;

/**
 * Every admin endpoint, by method and path: the table {@link AdminApiHandler} routes with, and the one {@code
 * openapi/gateway-admin.yaml} is checked against. See {@link AdminServer} for what each does.
 */
final class AdminRoutes {
    private AdminRoutes() {}

    static RouteTable<AdminEndpoint> of(AdminTarget target) {
        TableEndpoints tables = new TableEndpoints(target);
        MemberEndpoints members = new MemberEndpoints(target);
        StatsEndpoints stats = new StatsEndpoints(target);
        return RouteTable.<AdminEndpoint>builder()
                .add(GET, "/admin/table", tables::show)
                .add(PUT, "/admin/table", tables::replace)
                .add(GET, "/admin/version", tables::version)
                .add(PUT, "/admin/members/{id}/state", members::setState)
                .add(PUT, "/admin/members/{id}/weight", members::setWeight)
                .add(GET, "/admin/stats", stats::all)
                .add(GET, "/admin/stats/{id}", stats::member)
                .add(GET, "/admin/stats/apps/{app}/groups", stats::groups)
                .add(GET, "/metrics", stats::metrics)
                .build();
    }
}
