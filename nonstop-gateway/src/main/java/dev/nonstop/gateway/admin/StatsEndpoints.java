package dev.nonstop.gateway.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nonstop.common.http.ControlResponses;
import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.Group;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.gateway.contract.UnknownMemberException;
import dev.nonstop.gateway.contract.client.GatewayAdminClient;
import dev.nonstop.gateway.contract.client.GroupCounters;
import dev.nonstop.gateway.contract.client.LatencyHistogram;
import dev.nonstop.gateway.stats.GroupStats;
import dev.nonstop.gateway.stats.MemberStats;
import dev.nonstop.gateway.stats.MemberStatsSnapshot;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /admin/stats}, {@code GET /admin/stats/{id}}, {@code GET /admin/stats/apps/{app}/groups} and {@code GET
 * /metrics}: the members' and groups' counters.
 */
final class StatsEndpoints {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final AdminTarget target;

    StatsEndpoints(AdminTarget target) {
        this.target = target;
    }

    /** Every member's counters, with the table version in force. */
    FullHttpResponse all(AdminCall call) {
        ObjectNode body = ControlResponses.JSON.createObjectNode();
        body.put("version", target.tables().current().version());
        body.set("members", ControlResponses.JSON.valueToTree(target.stats().snapshot()));
        return ControlResponses.json(HttpResponseStatus.OK, body);
    }

    /** One member's counters; zeros for a member in the table that this gateway has not used yet. */
    FullHttpResponse member(AdminCall call) {
        String memberId = call.param("id");
        MemberStats stats = target.stats().find(memberId);
        if (stats != null) {
            return ControlResponses.json(HttpResponseStatus.OK, stats.snapshot());
        }
        if (target.tables().current().member(memberId).isPresent()) {
            return ControlResponses.json(
                    HttpResponseStatus.OK,
                    new MemberStatsSnapshot(memberId, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, true, 0, 0));
        }
        throw new UnknownMemberException(memberId);
    }

    /**
     * The counters of every group of an app, in table order ({@code GET /admin/stats/apps/{app}/groups}); zeros for a
     * group this gateway has not sent a request to yet.
     */
    FullHttpResponse groups(AdminCall call) {
        String appName = call.param("app");
        RoutingTable table = target.tables().current();
        App app = table.app(appName)
                .orElseThrow(() -> new AdminRefusal(HttpResponseStatus.NOT_FOUND, "unknown app: " + appName));
        List<GroupCounters> counters = new ArrayList<>();
        for (Group group : app.groups()) {
            GroupStats stats = target.stats().findGroup(appName, group.name());
            counters.add(
                    stats != null
                            ? withVersion(stats.counters(), group.version())
                            : new GroupCounters(
                                    group.name(), group.version(), 0, 0, 0, LatencyHistogram.empty(), 0, 0));
        }
        return ControlResponses.json(
                HttpResponseStatus.OK, GatewayAdminClient.groupStatsTree(appName, table.version(), counters));
    }

    private static GroupCounters withVersion(GroupCounters c, String version) {
        return new GroupCounters(
                c.group(),
                version,
                c.requests(),
                c.responses5xx(),
                c.errors(),
                c.latency(),
                c.usersPinned(),
                c.activeUsers());
    }

    /** The counters in Prometheus text format. */
    FullHttpResponse metrics(AdminCall call) {
        return ControlResponses.text(
                HttpResponseStatus.OK, PROMETHEUS_TEXT, target.stats().scrape());
    }
}
