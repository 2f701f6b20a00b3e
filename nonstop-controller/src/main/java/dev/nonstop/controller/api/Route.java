package dev.nonstop.controller.api;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One endpoint: a method, a path template ({@code /api/releases/{id}/pause}) and what serves it. A mutation names
 * its audit action ({@code release.pause}) and its audit target template ({@code release/{id}}).
 *
 * @param action the audit action of a mutation; null for a read
 * @param target the audit target of a mutation, with the path's parameters; null for a read
 */
record Route(HttpMethod method, String template, String action, String target, Endpoint endpoint) {

    /** Serves a matched request. */
    @FunctionalInterface
    interface Endpoint {
        /**
         * The response, or null when the endpoint took the connection over (the events stream) and answers on
         * it itself.
         */
        FullHttpResponse handle(ApiCall call);
    }

    static Route read(HttpMethod method, String template, Endpoint endpoint) {
        return new Route(method, template, null, null, endpoint);
    }

    static Route mutation(String template, String action, String target, Endpoint endpoint) {
        return new Route(HttpMethod.POST, template, action, target, endpoint);
    }

    boolean isMutation() {
        return action != null;
    }

    /** The path parameters when {@code segments} (raw, not decoded) fit the template. */
    Optional<Map<String, String>> match(List<String> segments) {
        List<String> parts = segments(template);
        if (parts.size() != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (part.startsWith("{") && part.endsWith("}")) {
                params.put(part.substring(1, part.length() - 1), QueryStringDecoder.decodeComponent(segments.get(i)));
            } else if (!part.equals(segments.get(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }

    /** {@link #target} with the parameters filled in. */
    String auditTarget(Map<String, String> params) {
        String result = target;
        for (Map.Entry<String, String> p : params.entrySet()) {
            result = result.replace("{" + p.getKey() + "}", p.getValue());
        }
        return result;
    }

    static List<String> segments(String path) {
        List<String> result = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                result.add(part);
            }
        }
        return result;
    }
}
