package dev.nonstop.common.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An authenticated request with its whole body, as a {@link ControlApiHandler} receives it: method, path, query,
 * headers, body and the caller's address. The body is valid until the handler returns (the server releases it then).
 * A body the server spooled to a file ({@link ControlApiServer.Builder#spooledBodies}) is not in {@link #content()}
 * but in {@link #spooledBody()}.
 */
public final class ControlRequest {
    private final Channel channel;
    private final FullHttpRequest request;
    private final QueryStringDecoder query;

    ControlRequest(Channel channel, FullHttpRequest request) {
        this.channel = channel;
        this.request = request;
        this.query = new QueryStringDecoder(request.uri());
    }

    public HttpMethod method() {
        return request.method();
    }

    /** The request target as sent: {@code /api/releases?app=shop}. */
    public String uri() {
        return request.uri();
    }

    /** The path without the query, not decoded: {@code /api/apps/my%20app}. */
    public String path() {
        return query.rawPath();
    }

    /** The query's parameters, decoded, in the order they came. */
    public Map<String, List<String>> queryParameters() {
        return query.parameters();
    }

    /** The first value of a query parameter, stripped; blank counts as absent. */
    public Optional<String> queryParameter(String name) {
        List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank()
                ? Optional.empty()
                : Optional.of(values.get(0).strip());
    }

    public HttpHeaders headers() {
        return request.headers();
    }

    /** The body; valid until the handler returns. Empty when the body was spooled to a file. */
    public ByteBuf content() {
        return request.content();
    }

    /**
     * The file the body was written to, when the request is one the server spools ({@link
     * ControlApiServer.Builder#spooledBodies}); its size is the body's ({@code Content-Length} says it too). The server
     * deletes the file once the handler returns; a handler that keeps the body moves the file away first (on the
     * spool directory's file system, {@link java.nio.file.Files#move} is a rename).
     */
    public Optional<Path> spooledBody() {
        return request instanceof SpooledHttpRequest spooled ? Optional.of(spooled.file()) : Optional.empty();
    }

    /** The body as UTF-8 text. */
    public String contentAsString() {
        return request.content().toString(StandardCharsets.UTF_8);
    }

    /** The caller's address. */
    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    /** The connection, for a handler that answers on it itself (see {@link ControlApiHandler#handle}). */
    public Channel channel() {
        return channel;
    }

    @Override
    public String toString() {
        return request.method() + " " + request.uri();
    }
}
