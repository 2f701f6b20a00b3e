package dev.nonstop.gateway.proxy;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.Iterator;
import java.util.List;

/**
 * Refuses requests whose framing or target is ambiguous, before anything is sent to a member. The
 * decoder already rejects Content-Length together with Transfer-Encoding and duplicate
 * Content-Length values (RFC 9112); this adds what a proxy needs on top, so no request can be
 * framed one way here and another way by a member (request smuggling).
 */
final class RequestChecks {
    private RequestChecks() {}

    /** A refusal: the status to answer with and why. */
    record Refusal(HttpResponseStatus status, String cause) {}

    /** @return why the request is refused, or {@code null} when it may be proxied */
    static Refusal check(HttpRequest request, long maxBodySize) {
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            Throwable cause = result.cause();
            if (cause instanceof TooLongHttpLineException) {
                return new Refusal(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line too long");
            }
            if (cause instanceof TooLongHttpHeaderException) {
                return new Refusal(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request headers too large");
            }
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "malformed request (" + describe(cause) + ")");
        }
        if (request.protocolVersion().majorVersion() != 1) {
            return new Refusal(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "only HTTP/1.x is served");
        }
        if (HttpMethod.CONNECT.equals(request.method())) {
            return new Refusal(HttpResponseStatus.METHOD_NOT_ALLOWED, "CONNECT is not served");
        }
        String uri = request.uri();
        if (!(uri.startsWith("/") || uri.startsWith("http://") || uri.startsWith("https://") || "*".equals(uri))) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "request target must be an absolute path");
        }
        int hosts = count(request, HttpHeaderNames.HOST);
        if (hosts > 1) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "more than one Host header");
        }
        if (hosts == 0 && request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "missing Host header");
        }
        if (request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            List<String> te = request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
            if (te.size() > 1 || !"chunked".equalsIgnoreCase(te.get(0).trim())) {
                return new Refusal(HttpResponseStatus.BAD_REQUEST, "Transfer-Encoding other than a single 'chunked'");
            }
        }
        if (maxBodySize > 0) {
            long length = contentLength(request);
            if (length > maxBodySize) {
                return new Refusal(
                        HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "body larger than " + maxBodySize + " bytes");
            }
        }
        return null;
    }

    /** How many times a header occurs, counting up to 2 (no list allocated). */
    private static int count(HttpRequest request, CharSequence name) {
        Iterator<String> values = request.headers().valueStringIterator(name);
        int n = 0;
        while (values.hasNext() && n < 2) {
            values.next();
            n++;
        }
        return n;
    }

    static long contentLength(HttpRequest request) {
        String value = request.headers().get(HttpHeaderNames.CONTENT_LENGTH);
        return value == null ? -1 : Long.parseLong(value.trim());
    }

    /** Whether body content follows the request head. */
    static boolean expectsBody(HttpRequest request) {
        return request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING) || contentLength(request) > 0;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        if (message == null) {
            return cause.getClass().getSimpleName();
        }
        // Never echo request bytes back at length.
        return message.length() > 120 ? message.substring(0, 120) + "..." : message;
    }
}
