package dev.nonstop.gateway.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/**
 * Header rewriting on the way through: hop-by-hop headers are removed (RFC 9110 section 7.6.1),
 * {@code X-Forwarded-For/Proto/Host} and {@code Via} are added. The client's own forwarded headers
 * are not trusted: {@code X-Forwarded-For} is appended to, the others are replaced.
 */
final class ForwardingHeaders {
    static final AsciiString VIA_NAME = HttpHeaderNames.VIA;
    static final String VIA_VALUE = "1.1 nonstop";
    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");

    private ForwardingHeaders() {}

    /**
     * Prepares a request's headers for the member.
     *
     * @param upgrade keep {@code Upgrade} and send {@code Connection: upgrade}
     */
    static void rewriteRequest(HttpHeaders headers, String clientIp, boolean upgrade) {
        String upgradeProtocol = upgrade ? headers.get(HttpHeaderNames.UPGRADE) : null;
        removeHopByHop(headers);
        String forwardedFor = headers.get(X_FORWARDED_FOR);
        headers.set(X_FORWARDED_FOR, forwardedFor == null ? clientIp : forwardedFor + ", " + clientIp);
        headers.set(X_FORWARDED_PROTO, "http");
        String host = headers.get(HttpHeaderNames.HOST);
        if (host != null) {
            headers.set(X_FORWARDED_HOST, host);
        }
        appendVia(headers);
        if (upgradeProtocol != null) {
            headers.set(HttpHeaderNames.UPGRADE, upgradeProtocol);
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        }
    }

    /** Prepares a response's headers for the client; the keep-alive decision is made by the caller. */
    static void rewriteResponse(HttpHeaders headers, boolean upgrade) {
        String upgradeProtocol = upgrade ? headers.get(HttpHeaderNames.UPGRADE) : null;
        removeHopByHop(headers);
        appendVia(headers);
        if (upgradeProtocol != null) {
            headers.set(HttpHeaderNames.UPGRADE, upgradeProtocol);
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        }
    }

    private static void appendVia(HttpHeaders headers) {
        String via = headers.get(VIA_NAME);
        headers.set(VIA_NAME, via == null ? VIA_VALUE : via + ", " + VIA_VALUE);
    }

    private static void removeHopByHop(HttpHeaders headers) {
        if (headers.contains(HttpHeaderNames.CONNECTION)) {
            for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
                for (String token : value.split(",")) {
                    String name = token.trim();
                    if (!name.isEmpty() && !HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(name)) {
                        headers.remove(name);
                    }
                }
            }
            headers.remove(HttpHeaderNames.CONNECTION);
        }
        headers.remove(HttpHeaderNames.KEEP_ALIVE);
        headers.remove(PROXY_CONNECTION);
        headers.remove(HttpHeaderNames.TE);
        headers.remove(HttpHeaderNames.UPGRADE);
    }
}
