package dev.nonstop.gateway.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Refuses requests whose framing or target is ambiguous, before anything is sent to a member. The
 * {@link RequestDecoder} already fails heads it cannot parse, Content-Length together with
 * Transfer-Encoding, and duplicate or invalid Content-Length values (RFC 9112); this adds what a
 * proxy needs on top, so no request can be framed one way here and another way by a member
 * (request smuggling), or routed by one host and received by the member for another: the target
 * must be origin form, absolute form without userinfo, or {@code *} for OPTIONS ({@link
 * RequestTarget}), and the Host header a valid {@code host[:port]} (an empty one is allowed).
 */
public final class RequestChecks {
    private RequestChecks() {}

    /** A refusal: the status to answer with and why. */
    public record Refusal(HttpResponseStatus status, String cause) {}

    /** @return why the request is refused, or {@code null} when it may be proxied */
    public static Refusal check(RequestHead request, long maxBodySize) {
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
        String targetProblem = request.target().problem();
        if (targetProblem != null) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, targetProblem);
        }
        HeaderFields fields = request.fields;
        int hosts = fields.countOf(HeaderFields.HOST);
        if (hosts > 1) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "more than one Host header");
        }
        if (hosts == 0 && !request.isHttp10()) {
            // Also with an absolute-form target: RFC 9112 section 3.2 makes Host mandatory in HTTP/1.1.
            return new Refusal(
                    HttpResponseStatus.BAD_REQUEST, "missing Host header (expected in every HTTP/1.1 request)");
        }
        if (hosts == 1) {
            int host = fields.first(HeaderFields.HOST);
            int start = fields.valueStart(host);
            int end = fields.valueEnd(host);
            String problem = start == end ? null : RequestTarget.checkAuthority(fields.bytes, start, end);
            if (problem != null) {
                return new Refusal(
                        HttpResponseStatus.BAD_REQUEST, "Host header: " + problem + " (expected: host[:port])");
            }
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
