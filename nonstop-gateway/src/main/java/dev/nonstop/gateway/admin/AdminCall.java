package dev.nonstop.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nonstop.common.config.TreeParser;
import dev.nonstop.common.http.ControlRequest;
import dev.nonstop.common.http.RouteTable;
import dev.nonstop.common.problem.Problem;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.SocketAddress;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * One admin request being served, as its endpoint reads it: the path's parameters, the body as a tree (JSON, or YAML
 * when the content type says so), the {@code If-Match} version and the caller's address. Input it cannot read is an
 * {@link AdminRefusal} (400 or 415) naming what is wrong.
 */
final class AdminCall {
    /** The source named by problems in a body: {@code request body: weight: ...}. */
    static final String BODY = "request body";

    private final ControlRequest request;
    private final RouteTable.Found<?> route;

    AdminCall(ControlRequest request, RouteTable.Found<?> route) {
        this.request = request;
        this.route = route;
    }

    /** A path parameter, decoded: {@code id} of {@code /admin/members/{id}/state}. */
    String param(String name) {
        return route.param(name);
    }

    /** Who called, for the log. */
    SocketAddress caller() {
        return request.remoteAddress();
    }

    /**
     * The body as a tree: JSON, or YAML when the content type says so.
     *
     * @throws AdminRefusal 415 for another content type
     * @throws dev.nonstop.common.config.ConfigException when the body is malformed
     */
    JsonNode body() {
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        String mediaType = contentType == null
                ? "application/json"
                : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        String text = request.contentAsString();
        if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
            return TreeParser.json(BODY, text);
        }
        if (mediaType.equals("application/yaml")
                || mediaType.equals("application/x-yaml")
                || mediaType.equals("text/yaml")
                || mediaType.equals("text/x-yaml")) {
            return TreeParser.yaml(BODY, text);
        }
        throw new AdminRefusal(
                HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported content type " + contentType + " (expected: application/json or application/yaml)");
    }

    /**
     * The table version of {@code If-Match: 7}, {@code "7"} or {@code W/"7"}; empty for {@code *} or no header.
     *
     * @throws AdminRefusal 400 when it is not a version
     */
    OptionalLong ifMatch() {
        String value = request.headers().get(HttpHeaderNames.IF_MATCH);
        if (value == null || value.strip().equals("*")) {
            return OptionalLong.empty();
        }
        String v = value.strip();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        try {
            return OptionalLong.of(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new AdminRefusal(
                    HttpResponseStatus.BAD_REQUEST,
                    "invalid If-Match header",
                    Problem.of("If-Match", value, "a table version, e.g. 7"));
        }
    }
}
