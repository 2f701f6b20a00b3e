package dev.nonstop.gateway.proxy;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Refuses requests whose framing or target is ambiguous, before anything is sent to a member. The
 * {@link RequestDecoder} already fails heads it cannot parse, Content-Length together with
 * Transfer-Encoding, and duplicate or invalid Content-Length values (RFC 9112); this adds what a
 * proxy needs on top, so no request can be framed one way here and another way by a member
 * (request smuggling).
 */
final class RequestChecks {
    private RequestChecks() {}

    /** A refusal: the status to answer with and why. */
    record Refusal(HttpResponseStatus status, String cause) {}

    /** @return why the request is refused, or {@code null} when it may be proxied */
    static Refusal check(RequestHead request, long maxBodySize) {
        MalformedHeadException failure = request.failure();
        if (failure != null) {
            HttpResponseStatus status = failure.status();
            if (status.code() == HttpResponseStatus.BAD_REQUEST.code()) {
                return new Refusal(status, "malformed request (" + failure.getMessage() + ")");
            }
            return new Refusal(status, failure.getMessage());
        }
        if (request.majorVersion() != 1) {
            return new Refusal(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "only HTTP/1.x is served");
        }
        if ("CONNECT".equals(request.method())) {
            return new Refusal(HttpResponseStatus.METHOD_NOT_ALLOWED, "CONNECT is not served");
        }
        String uri = request.uri();
        if (!(uri.startsWith("/") || uri.startsWith("http://") || uri.startsWith("https://") || "*".equals(uri))) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "request target must be an absolute path");
        }
        int hosts = request.fields.countOf(HeaderFields.HOST);
        if (hosts > 1) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "more than one Host header");
        }
        if (hosts == 0 && !request.isHttp10()) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "missing Host header");
        }
        if (request.hasTransferEncoding() && !request.singleChunkedCoding()) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "Transfer-Encoding other than a single 'chunked'");
        }
        if (maxBodySize > 0 && request.contentLength() > maxBodySize) {
            return new Refusal(
                    HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "body larger than " + maxBodySize + " bytes");
        }
        return null;
    }
}
