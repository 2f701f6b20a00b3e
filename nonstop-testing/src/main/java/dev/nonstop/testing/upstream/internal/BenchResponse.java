package dev.nonstop.testing.upstream.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.ReadOnlyHttpHeaders;
import java.nio.charset.StandardCharsets;

/**
 * The {@code GET /bench} response, built once: a 13-byte body shared by every response through
 * {@code retainedDuplicate()} and a read-only header block, so that answering costs one object.
 */
final class BenchResponse {
    static final String BODY = "Hello, World!";

    // A heap buffer from wrappedBuffer is not tracked by the leak detector; unreleasable because it
    // lives as long as the upstream.
    private final ByteBuf body =
            Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(BODY.getBytes(StandardCharsets.US_ASCII)));
    private final HttpHeaders headers;

    BenchResponse(String upstreamId) {
        headers = new ReadOnlyHttpHeaders(
                true,
                HttpHeaderNames.CONTENT_TYPE,
                "text/plain",
                HttpHeaderNames.CONTENT_LENGTH,
                Integer.toString(BODY.length()),
                Responses.UPSTREAM_ID,
                upstreamId);
    }

    FullHttpResponse newResponse() {
        return new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.OK,
                body.retainedDuplicate(),
                headers,
                EmptyHttpHeaders.INSTANCE);
    }
}
