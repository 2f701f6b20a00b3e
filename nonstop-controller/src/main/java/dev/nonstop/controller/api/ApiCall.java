package dev.nonstop.controller.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.nonstop.common.http.ControlRequest;
import dev.nonstop.common.http.ControlResponses;
import dev.nonstop.common.problem.Problem;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One authenticated request being served: its path parameters, query, body and caller, and what the audit entry
 * of a mutation should say ({@link #target}, {@link #detail}), which an endpoint refines as it learns more.
 */
final class ApiCall {
    final ControlRequest request;
    final String actor;
    private final Map<String, String> params;
    private String target;
    private String detail = "";

    ApiCall(ControlRequest request, String actor, Map<String, String> params) {
        this.request = request;
        this.actor = actor;
        this.params = params;
    }

    /** A path parameter, decoded: {@code id} of {@code /api/releases/{id}}. */
    String param(String name) {
        String value = params.get(name);
        if (value == null) {
            throw new IllegalStateException("no path parameter " + name);
        }
        return value;
    }

    /** A query parameter; blank counts as absent. */
    Optional<String> query(String name) {
        return request.queryParameter(name);
    }

    /**
     * The body as a JSON object.
     *
     * @throws ApiException 415 when it is declared as something else than JSON, 400 when it is empty, malformed or
     *     not an object
     */
    JsonNode jsonBody() {
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (type != null && !type.toLowerCase(Locale.ROOT).strip().startsWith("application/json")) {
            throw new ApiException(
                    HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type: " + type + " (expected: application/json)",
                    List.of(Problem.of("Content-Type", type, "application/json")));
        }
        if (!request.content().isReadable()) {
            throw ApiException.badRequest(Problem.of("body", "empty", "a JSON object"));
        }
        JsonNode node;
        try {
            node = ControlResponses.JSON.readTree(ByteBufUtil.getBytes(request.content()));
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(
                    Problem.of("body", "malformed JSON (" + e.getOriginalMessage() + ")", "a JSON object"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest(
                    Problem.of("body", node == null ? "empty" : node.getNodeType(), "a JSON object"));
        }
        return node;
    }

    String target() {
        return target;
    }

    void target(String target) {
        this.target = target;
    }

    String detail() {
        return detail;
    }

    void detail(String detail) {
        this.detail = detail == null ? "" : detail;
    }
}
