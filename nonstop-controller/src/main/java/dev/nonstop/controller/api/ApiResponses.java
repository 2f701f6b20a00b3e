package dev.nonstop.controller.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds the API's responses: JSON bodies, and errors as {@code {"error", "problems": [{"path", "message"}]}}. */
final class ApiResponses {
    static final ObjectMapper JSON = JsonMapper.builder().build();

    private ApiResponses() {}

    static FullHttpResponse json(HttpResponseStatus status, Object body) {
        byte[] bytes;
        try {
            bytes = (JSON.writeValueAsString(body) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a response as JSON", e);
        }
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return response;
    }

    static FullHttpResponse error(HttpResponseStatus status, String message) {
        return error(status, message, List.of());
    }

    /** {@code {"error": message, "problems": [...]}}; the list is empty when there is nothing more to say. */
    static FullHttpResponse error(HttpResponseStatus status, String message, List<ApiProblem> problems) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", message);
        ArrayNode list = body.putArray("problems");
        for (ApiProblem problem : problems) {
            list.addObject().put("path", problem.path()).put("message", problem.message());
        }
        return json(status, body);
    }

    /** Marks a response as the last on its connection. */
    static FullHttpResponse closing(FullHttpResponse response) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }
}
