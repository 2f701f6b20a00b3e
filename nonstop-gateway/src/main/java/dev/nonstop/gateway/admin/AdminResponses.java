package dev.nonstop.gateway.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nonstop.common.problem.Problem;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds the admin API's responses: JSON bodies, and errors as {@code {error, problems}}. */
final class AdminResponses {
    static final ObjectMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private AdminResponses() {}

    static FullHttpResponse json(HttpResponseStatus status, Object body) {
        byte[] bytes;
        try {
            bytes = (JSON.writeValueAsString(body) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a response as JSON", e);
        }
        return response(status, "application/json", bytes);
    }

    static FullHttpResponse text(HttpResponseStatus status, String contentType, String body) {
        return response(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    static FullHttpResponse error(HttpResponseStatus status, String message) {
        return error(status, message, List.of());
    }

    /** {@code {"error": message, "problems": [{"path": ..., "message": ...}]}}. */
    static FullHttpResponse error(HttpResponseStatus status, String message, List<Problem> problems) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", message);
        if (!problems.isEmpty()) {
            body.set("problems", JSON.valueToTree(problems));
        }
        return json(status, body);
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    private static FullHttpResponse response(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return response;
    }

    /** Marks a response as the last on its connection. */
    static FullHttpResponse closing(FullHttpResponse response) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }
}
