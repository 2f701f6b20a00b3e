package dev.nonstop.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nonstop.common.config.ConfigValues;
import dev.nonstop.common.config.FieldReader;
import dev.nonstop.common.http.ControlResponses;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.MemberState;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.gateway.contract.TableJson;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code PUT /admin/members/{id}/state} and {@code .../weight}: one member changed in the table in force, which gets
 * the next version. Both answer {@code {"version": N, "member": {...}}}; an unknown member is a 404.
 */
final class MemberEndpoints {
    private static final Logger log = LoggerFactory.getLogger(MemberEndpoints.class);

    private final AdminTarget target;

    MemberEndpoints(AdminTarget target) {
        this.target = target;
    }

    /** {@code {"state": "DRAINING", "drainDeadline": "30s"}}, the deadline optional. */
    FullHttpResponse setState(AdminCall call) {
        String memberId = call.param("id");
        JsonNode tree = call.body();
        FieldReader reader = new FieldReader();
        MemberState state = null;
        Duration deadline = null;
        if (reader.object(tree, "", List.of("state", "drainDeadline"))) {
            if (FieldReader.field(tree, "state") == null) {
                reader.missing("state", "one of ACTIVE, DRAINING, OUT, STANDBY");
            }
            state = reader.enumValue(tree, "", "state", MemberState.class, null, true);
            deadline = reader.positiveDuration(tree, "", "drainDeadline", null);
        }
        reader.throwIfProblems(AdminCall.BODY);
        RoutingTable table = target.setMemberState(memberId, state, deadline);
        log.info(
                "admin: member {} set {}{}, table version {}, from {}",
                memberId,
                state,
                deadline == null ? "" : " (deadline " + ConfigValues.formatDuration(deadline) + ")",
                table.version(),
                call.caller());
        return memberResponse(table, memberId);
    }

    /** {@code {"weight": 50}}, 0 to {@value Member#MAX_WEIGHT}. */
    FullHttpResponse setWeight(AdminCall call) {
        String memberId = call.param("id");
        JsonNode tree = call.body();
        FieldReader reader = new FieldReader();
        int weight = 0;
        if (reader.object(tree, "", List.of("weight"))) {
            weight = reader.requiredInteger(tree, "", "weight", "0-" + Member.MAX_WEIGHT);
            if (!reader.reportedAt("weight") && (weight < 0 || weight > Member.MAX_WEIGHT)) {
                reader.problem("weight", weight, "0-" + Member.MAX_WEIGHT);
            }
        }
        reader.throwIfProblems(AdminCall.BODY);
        RoutingTable table = target.setMemberWeight(memberId, weight);
        log.info(
                "admin: member {} weight {}, table version {}, from {}",
                memberId,
                weight,
                table.version(),
                call.caller());
        return memberResponse(table, memberId);
    }

    private static FullHttpResponse memberResponse(RoutingTable table, String memberId) {
        ObjectNode body = ControlResponses.JSON.createObjectNode();
        body.put("version", table.version());
        table.member(memberId).ifPresent(m -> body.set("member", TableJson.memberTree(m)));
        return ControlResponses.json(HttpResponseStatus.OK, body);
    }
}
