package dev.nonstop.gateway.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nonstop.common.http.ControlResponses;
import dev.nonstop.gateway.contract.UnknownMemberException;
import dev.nonstop.gateway.stats.MemberStats;
import dev.nonstop.gateway.stats.MemberStatsSnapshot;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/** {@code GET /admin/stats}, {@code GET /admin/stats/{id}} and {@code GET /metrics}: the members' counters. */
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

    /** The counters in Prometheus text format. */
    FullHttpResponse metrics(AdminCall call) {
        return ControlResponses.text(
                HttpResponseStatus.OK, PROMETHEUS_TEXT, target.stats().scrape());
    }
}
