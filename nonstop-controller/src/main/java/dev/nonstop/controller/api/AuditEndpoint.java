package dev.nonstop.controller.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nonstop.common.http.ControlResponses;
import dev.nonstop.common.problem.Problem;
import dev.nonstop.controller.store.AuditQuery;
import dev.nonstop.controller.store.ControllerStore;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/** {@code GET /api/audit?limit=&target=}: the audit log, newest first. */
final class AuditEndpoint {
    static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 10_000;

    private final ControllerStore store;

    AuditEndpoint(ControllerStore store) {
        this.store = store;
    }

    FullHttpResponse list(ApiCall call) {
        int limit = call.query("limit").map(AuditEndpoint::limit).orElse(DEFAULT_LIMIT);
        AuditQuery query = AuditQuery.latest(limit);
        query = call.query("target").map(query::target).orElse(query);
        query = call.query("actor").map(query::actor).orElse(query);
        ObjectNode body = ControlResponses.JSON.createObjectNode();
        ArrayNode entries = body.putArray("entries");
        store.audit(query).forEach(e -> entries.add(ApiJson.audit(e)));
        return ControlResponses.json(HttpResponseStatus.OK, body);
    }

    private static int limit(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest(Problem.of("limit", "\"" + text + "\"", "1-" + MAX_LIMIT));
    }
}
