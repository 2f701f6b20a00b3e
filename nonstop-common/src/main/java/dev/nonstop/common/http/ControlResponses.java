package dev.nonstop.common.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Builds the responses of a control API: JSON bodies, text, and errors as {@link ProblemDetails}. Every response
 * says {@code Cache-Control: no-store}: what a control API answers is the state of the moment.
 */
public final class ControlResponses {
    /** The JSON of control API bodies. */
    public static final ObjectMapper JSON = JsonMapper.builder().build();

    private ControlResponses() {}

    /** {@code body} as {@code application/json}, indented for a person who reads or edits it, and a newline. */
    public static FullHttpResponse json(HttpResponseStatus status, Object body) {
        return json(status, HttpHeaderValues.APPLICATION_JSON.toString(), body);
    }

    static FullHttpResponse json(HttpResponseStatus status, String contentType, Object body) {
        String text;
        try {
            text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a response as JSON", e);
        }
        return text(status, contentType, text);
    }

    public static FullHttpResponse text(HttpResponseStatus status, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return response;
    }

    /** A problem with {@code status} and no inputs named: {@code ProblemDetails.of(status, detail)}. */
    public static FullHttpResponse problem(HttpResponseStatus status, String detail) {
        return ProblemDetails.of(status, detail).toResponse();
    }

    /** The {@link ErrorResponder} of the kit's own refusals (401, 408, 413, ...), with their code. */
    static FullHttpResponse problem(HttpResponseStatus status, String code, String detail) {
        return ProblemDetails.of(status, detail).withCode(code).toResponse();
    }

    /** Marks a response as the last on its connection. */
    public static FullHttpResponse closing(FullHttpResponse response) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }
}
