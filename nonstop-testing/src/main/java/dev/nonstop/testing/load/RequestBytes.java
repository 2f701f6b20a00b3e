package dev.nonstop.testing.load;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The bytes of one kind of request, prepared once: all of the head but the id and cookies, and the body. */
final class RequestBytes {
    private final String start;
    private final String end;
    private final byte[] body;

    RequestBytes(RequestSpec request, String hostHeader, boolean keepAlive, Map<String, String> headers) {
        start = request.method() + " " + request.target() + " HTTP/1.1\r\nHost: " + hostHeader
                + "\r\nUser-Agent: nonstop-load\r\nX-Request-Id: ";
        StringBuilder rest = new StringBuilder("\r\n");
        if (!keepAlive) {
            rest.append("Connection: close\r\n");
        }
        headers.forEach(
                (name, value) -> rest.append(name).append(": ").append(value).append("\r\n"));
        if (request.bodyBytes() > 0
                || request.method().equals("POST")
                || request.method().equals("PUT")) {
            rest.append("Content-Type: application/octet-stream\r\nContent-Length: ")
                    .append(request.bodyBytes())
                    .append("\r\n");
        }
        end = rest.append("\r\n").toString();
        body = pattern(request.bodyBytes());
    }

    byte[] head(String requestId, String cookieHeader) {
        String head = cookieHeader == null
                ? start + requestId + end
                : start + requestId + "\r\nCookie: " + cookieHeader + end;
        return head.getBytes(StandardCharsets.ISO_8859_1);
    }

    byte[] body() {
        return body;
    }

    /** {@code n} bytes of {@code a..z} repeated, the same pattern the test upstream streams. */
    static byte[] pattern(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return bytes;
    }
}
