package dev.nonstop.testing.upstream.internal;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;

/** One request being answered: its head, what was parsed from it and the digest of its body. */
final class UpstreamRequest {
    private final HttpRequest head;
    private final boolean keepAlive;
    private final boolean bench;
    private final BodyDigest digest;
    private QueryStringDecoder uri;

    UpstreamRequest(HttpRequest head) {
        this.head = head;
        this.keepAlive = HttpUtil.isKeepAlive(head);
        HttpMethod method = head.method();
        this.bench = keepAlive && HttpMethod.GET.equals(method) && "/bench".equals(head.uri());
        this.digest = HttpMethod.POST.equals(method) || HttpMethod.PUT.equals(method) ? new BodyDigest() : null;
    }

    HttpRequest head() {
        return head;
    }

    HttpMethod method() {
        return head.method();
    }

    boolean keepAlive() {
        return keepAlive;
    }

    /** {@code GET /bench} on a keep-alive connection: answered from the precomputed response. */
    boolean bench() {
        return bench;
    }

    boolean webSocketUpgrade() {
        return HttpMethod.GET.equals(head.method())
                && "/ws".equals(path())
                && head.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    /** The path as received, without the query. */
    String path() {
        return uri().rawPath();
    }

    /** The body digest, {@code null} unless the method is POST or PUT. */
    BodyDigest digest() {
        return digest;
    }

    void consume(ByteBuf content) {
        if (digest != null) {
            digest.update(content);
        }
    }

    /** The last value of query parameter {@code name}, or {@code fallback} when it is absent. */
    int intParam(String name, int fallback, int min, int max) {
        List<String> values = uri().parameters().get(name);
        if (values == null || values.isEmpty()) {
            return fallback;
        }
        String raw = values.get(values.size() - 1);
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + ": '" + raw + "' (expected: " + min + ".." + max + ")");
    }

    /** Query parameter {@code name} as a boolean; it must be present. */
    boolean booleanParam(String name) {
        List<String> values = uri().parameters().get(name);
        String raw = values == null || values.isEmpty() ? "" : values.get(values.size() - 1);
        return switch (raw) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + ": '" + raw + "' (expected: true or false)");
        };
    }

    private QueryStringDecoder uri() {
        if (uri == null) {
            uri = new QueryStringDecoder(head.uri());
        }
        return uri;
    }
}
