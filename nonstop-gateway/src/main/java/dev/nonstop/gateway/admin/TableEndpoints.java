package dev.nonstop.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nonstop.common.http.ControlResponses;
import dev.nonstop.common.problem.Problem;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.gateway.contract.TableJson;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET} and {@code PUT /admin/table}, {@code GET /admin/version}: the table in force, whole. */
final class TableEndpoints {
    private static final Logger log = LoggerFactory.getLogger(TableEndpoints.class);

    private final AdminTarget target;

    TableEndpoints(AdminTarget target) {
        this.target = target;
    }

    /** The table in force in the config file's shape, its version also as {@code ETag}. */
    FullHttpResponse show(AdminCall call) {
        RoutingTable table = target.tables().current();
        FullHttpResponse response = ControlResponses.json(HttpResponseStatus.OK, TableJson.toTree(table));
        response.headers().set(HttpHeaderNames.ETAG, "\"" + table.version() + "\"");
        return response;
    }

    /** {@code {"version": N}}, the version in force. */
    FullHttpResponse version(AdminCall call) {
        return versionResponse(target.tables().current().version());
    }

    /**
     * Replaces the table; the new one gets the next version. The body's {@code version}, when present, is the version
     * the edit was based on (as {@code GET} returned it) and, like {@code If-Match}, must be the version in force: a
     * table edited from a stale copy gets 409 instead of undoing someone else's change. Omit both to replace
     * unconditionally.
     */
    FullHttpResponse replace(AdminCall call) {
        OptionalLong ifMatch = call.ifMatch();
        JsonNode tree = call.body();
        RoutingTable parsed = TableJson.fromTree(AdminCall.BODY, tree, 0);
        OptionalLong base = tree.hasNonNull("version") ? OptionalLong.of(parsed.version()) : OptionalLong.empty();
        if (ifMatch.isPresent() && base.isPresent() && ifMatch.getAsLong() != base.getAsLong()) {
            throw new AdminRefusal(
                    HttpResponseStatus.BAD_REQUEST,
                    "If-Match and version disagree",
                    Problem.of("version", base.getAsLong(), "the version in If-Match, " + ifMatch.getAsLong()));
        }
        OptionalLong expected = ifMatch.isPresent() ? ifMatch : base;
        RoutingTable next;
        if (expected.isPresent()) {
            next = target.tables().replace(parsed.withVersion(expected.getAsLong() + 1), expected);
        } else {
            next = target.tables().update(old -> parsed.withVersion(old.version() + 1));
        }
        log.info(
                "admin: table version {} in force ({} apps, {} routes), from {}",
                next.version(),
                next.apps().size(),
                next.routes().size(),
                call.caller());
        return versionResponse(next.version());
    }

    private static FullHttpResponse versionResponse(long version) {
        ObjectNode body = ControlResponses.JSON.createObjectNode();
        body.put("version", version);
        FullHttpResponse response = ControlResponses.json(HttpResponseStatus.OK, body);
        response.headers().set(HttpHeaderNames.ETAG, "\"" + version + "\"");
        return response;
    }
}
