package dev.nonstop.agent.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nonstop.agent.contract.AgentJson;
import dev.nonstop.agent.contract.Problem;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds the agent API's responses: JSON bodies, and errors as {@code {error, code, problems}}. */
final class AgentResponses {
    private AgentResponses() {}

    static FullHttpResponse json(HttpResponseStatus status, Object body) {
        byte[] bytes;
        try {
            bytes = (AgentJson.MAPPER.writeValueAsString(body) + "\n").getBytes(StandardCharsets.UTF_8);
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

    static FullHttpResponse error(HttpResponseStatus status, String code, String message) {
        return error(status, code, message, List.of(), null);
    }

    /**
     * {@code {"error": message, "code": code, "problems": [{"path", "message"}]}}; problems only when
     * there are some; {@code extra} fields (may be null) are added as they are.
     */
    static FullHttpResponse error(
            HttpResponseStatus status, String code, String message, List<Problem> problems, ObjectNode extra) {
        ObjectNode body = AgentJson.MAPPER.createObjectNode();
        body.put("error", message);
        body.put("code", code);
        if (!problems.isEmpty()) {
            body.set("problems", AgentJson.MAPPER.valueToTree(problems));
        }
        if (extra != null) {
            body.setAll(extra);
        }
        return json(status, body);
    }

    /** Marks a response as the last on its connection. */
    static FullHttpResponse closing(FullHttpResponse response) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }
}
