package dev.nonstop.testing.upstream.internal;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

/** Builds the upstream's responses; every one carries {@code X-Upstream-Id}. */
final class Responses {
    static final AsciiString UPSTREAM_ID = AsciiString.cached("x-upstream-id");
    static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain; charset=utf-8");

    private Responses() {}

    /** A complete response with a UTF-8 text body. */
    static FullHttpResponse text(ByteBufAllocator alloc, HttpResponseStatus status, String upstreamId, String body) {
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, ByteBufUtil.writeUtf8(alloc, body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(UPSTREAM_ID, upstreamId);
        return response;
    }

    /** A response that has no body by definition (204, 304). */
    static FullHttpResponse bodiless(HttpResponseStatus status, String upstreamId) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
        response.headers().set(UPSTREAM_ID, upstreamId);
        return response;
    }

    /** The head of a chunked response whose body is written afterwards. */
    static HttpResponse streamHead(HttpResponseStatus status, CharSequence contentType, String upstreamId) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
                .set(UPSTREAM_ID, upstreamId);
        return response;
    }
}
