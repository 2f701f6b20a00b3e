package dev.nonstop.controller.api;

import dev.nonstop.common.http.RouteTable;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.Map;

/**
 * One endpoint: a method, a path template ({@code /api/releases/{id}/pause}, matched by {@link RouteTable}) and what
 * serves it. A mutation names its audit action ({@code release.pause}) and its audit target template ({@code
 * release/{id}}).
 *
 * @param action the audit action of a mutation; null for a read
 * @param target the audit target of a mutation, with the path's parameters; null for a read
 */
record ApiRoute(HttpMethod method, String template, String action, String target, Endpoint endpoint) {

    /** Serves a matched request. */
    @FunctionalInterface
    interface Endpoint {
        /**
         * The response, or null when the endpoint took the connection over (the events stream) and answers on
         * it itself.
         */
        FullHttpResponse handle(ApiCall call);
    }

    static ApiRoute read(HttpMethod method, String template, Endpoint endpoint) {
        return new ApiRoute(method, template, null, null, endpoint);
    }

    static ApiRoute mutation(String template, String action, String target, Endpoint endpoint) {
        return new ApiRoute(HttpMethod.POST, template, action, target, endpoint);
    }

    boolean isMutation() {
        return action != null;
    }

    /** {@code routes} as the table a request is looked up in, in their order. */
    static RouteTable<ApiRoute> table(List<ApiRoute> routes) {
        RouteTable.Builder<ApiRoute> table = RouteTable.builder();
        routes.forEach(r -> table.add(r.method(), r.template(), r));
        return table.build();
    }

    /** {@link #target} with the parameters filled in. */
    String auditTarget(Map<String, String> params) {
        String result = target;
        for (Map.Entry<String, String> p : params.entrySet()) {
            result = result.replace("{" + p.getKey() + "}", p.getValue());
        }
        return result;
    }
}
