package dev.nonstop.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A request head as the client sent it: its bytes, the request line split into method, target and
 * version, and its {@link HeaderFields}. Made by {@link RequestDecoder}; a head the decoder could
 * not parse carries only a {@link #failure()}. Owns no buffer: nothing to release.
 */
public final class RequestHead {
    private static final byte[] HTTP_SLASH = HeaderFields.ascii("HTTP/");

    private final MalformedHeadException failure;
    final byte[] bytes;
    private final int targetStart;
    private final int targetEnd;

    private final String method;
    private final String uri;
    private final RequestTarget target;
    private final int major;
    private final int minor;
    final HeaderFields fields;
    private final long contentLength;

    private RequestHead(MalformedHeadException failure) {
        this.failure = failure;
        this.bytes = null;
        this.targetStart = 0;
        this.targetEnd = 0;
        this.method = null;
        this.uri = null;
        this.target = null;
        this.major = 1;
        this.minor = 1;
        this.fields = null;
        this.contentLength = -1;
    }

    private RequestHead(
            byte[] bytes,
            String method,
            int targetStart,
            int targetEnd,
            String uri,
            RequestTarget target,
            int major,
            int minor,
            HeaderFields fields) {
        this.failure = null;
        this.bytes = bytes;
        this.targetStart = targetStart;
        this.targetEnd = targetEnd;
        this.method = method;
        this.uri = uri;
        this.target = target;
        this.major = major;
        this.minor = minor;
        this.fields = fields;
        this.contentLength = parseContentLength(fields);
    }

    static RequestHead failed(MalformedHeadException failure) {
        return new RequestHead(failure);
    }

    /**
     * Parses a whole request head: request line, header lines, the empty line, nothing more.
     *
     * @throws MalformedHeadException when the head is not a valid HTTP/1.x request head
     */
    static RequestHead parse(byte[] b, int maxLineLength) {
        int end = b.length;
        int p = 0;
        while (p < end && HeaderFields.isTchar(b[p])) {
            p++;
        }
        if (p == 0 || p >= end || b[p] != ' ') {
            throw HeaderFields.malformed("invalid method");
        }
        String method = method(b, p);
        while (p < end && b[p] == ' ') {
            p++;
        }
        int targetStart = p;
        while (p < end && (b[p] & 0xff) > ' ' && b[p] != 0x7f) {
            p++;
        }
        if (p == targetStart || p >= end || b[p] != ' ') {
            throw HeaderFields.malformed("invalid request target");
        }
        int targetEnd = p;
        String uri = new String(b, targetStart, targetEnd - targetStart, StandardCharsets.ISO_8859_1);
        while (p < end && b[p] == ' ') {
            p++;
        }
        if (end - p < 10
                || !startsWith(b, p, HTTP_SLASH)
                || !isDigit(b[p + 5])
                || b[p + 6] != '.'
                || !isDigit(b[p + 7])) {
            throw HeaderFields.malformed("invalid HTTP version");
        }
        int major = b[p + 5] - '0';
        int minor = b[p + 7] - '0';
        p += 8;
        if (b[p] != '\r' || b[p + 1] != '\n') {
            throw HeaderFields.malformed(b[p] == '\n' ? "bare LF" : "invalid HTTP version");
        }
        if (p > maxLineLength) {
            throw new MalformedHeadException(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line too long");
        }
        HeaderFields fields = HeaderFields.parse(b, p + 2, b.length, true);
        RequestTarget target = RequestTarget.of(method, b, targetStart, targetEnd);
        return new RequestHead(b, method, targetStart, targetEnd, uri, target, major, minor, fields);
    }

    /**
     * Writes "METHOD SP target SP" as forwarded (one space each, however many the client sent), an
     * absolute-form target rewritten to origin form.
     */
    void writeLineBeforeVersion(ByteBuf out) {
        int methodLength = method.length();
        String originForm = target.originForm();
        if (originForm != null) {
            out.writeBytes(bytes, 0, methodLength + 1);
            out.writeCharSequence(originForm, StandardCharsets.ISO_8859_1);
            out.writeByte(' ');
        } else if (targetStart == methodLength + 1) {
            out.writeBytes(bytes, 0, targetEnd + 1);
        } else {
            out.writeBytes(bytes, 0, methodLength + 1);
            out.writeBytes(bytes, targetStart, targetEnd - targetStart + 1);
        }
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        if (b.length - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static String method(byte[] b, int length) {
        return switch (length) {
            case 3 ->
                b[0] == 'G' && b[1] == 'E' && b[2] == 'T'
                        ? "GET"
                        : b[0] == 'P' && b[1] == 'U' && b[2] == 'T' ? "PUT" : ascii(b, length);
            case 4 ->
                b[0] == 'P' && b[1] == 'O' && b[2] == 'S' && b[3] == 'T'
                        ? "POST"
                        : b[0] == 'H' && b[1] == 'E' && b[2] == 'A' && b[3] == 'D' ? "HEAD" : ascii(b, length);
            default -> ascii(b, length);
        };
    }

    private static String ascii(byte[] b, int length) {
        return new String(b, 0, length, StandardCharsets.ISO_8859_1);
    }

    private static long parseContentLength(HeaderFields fields) {
        int count = fields.countOf(HeaderFields.CONTENT_LENGTH);
        if (count == 0) {
            return -1;
        }
        if (count > 1) {
            throw HeaderFields.malformed("more than one Content-Length");
        }
        int field = fields.first(HeaderFields.CONTENT_LENGTH);
        int start = fields.valueStart(field);
        int end = fields.valueEnd(field);
        if (start == end || end - start > 18) {
            throw HeaderFields.malformed("invalid Content-Length");
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            byte c = fields.bytes[i];
            if (!isDigit(c)) {
                throw HeaderFields.malformed("invalid Content-Length");
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    // ------------------------------------------------------------------ queries

    /** Why the head could not be parsed, or {@code null}. */
    public MalformedHeadException failure() {
        return failure;
    }

    public String method() {
        return method;
    }

    /** The request target as received. */
    public String uri() {
        return uri;
    }

    public RequestTarget target() {
        return target;
    }

    /** The path to route by: the target's path without query, after rewriting an absolute form. */
    public String path() {
        String origin = target.originForm();
        String path = origin != null ? origin : uri;
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    int majorVersion() {
        return major;
    }

    /** HTTP/1.0 (or older minor): no keep-alive unless asked, no chunked responses. */
    public boolean isHttp10() {
        return major == 1 && minor == 0;
    }

    /** The declared Content-Length, or -1. */
    public long contentLength() {
        return contentLength;
    }

    public boolean hasTransferEncoding() {
        return fields.countOf(HeaderFields.TRANSFER_ENCODING) > 0;
    }

    /** Exactly one Transfer-Encoding field, and its value is {@code chunked}. */
    boolean singleChunkedCoding() {
        if (fields.countOf(HeaderFields.TRANSFER_ENCODING) != 1) {
            return false;
        }
        int field = fields.first(HeaderFields.TRANSFER_ENCODING);
        return HeaderFields.equalsLower(
                fields.bytes, fields.valueStart(field), fields.valueEnd(field), HeaderFields.CHUNKED);
    }

    /** Whether body content follows the head. */
    public boolean expectsBody() {
        return hasTransferEncoding() || contentLength > 0;
    }

    /** Whether the client wants to keep the connection open after this exchange. */
    public boolean keepAlive() {
        if (fields.hasToken(HeaderFields.CONNECTION, HeaderFields.CLOSE)) {
            return false;
        }
        return minor >= 1 || fields.hasToken(HeaderFields.CONNECTION, HeaderFields.KEEP_ALIVE_TOKEN);
    }

    /** {@code Upgrade} together with {@code Connection: upgrade}. */
    public boolean upgradeRequested() {
        return fields.countOf(HeaderFields.UPGRADE) > 0
                && fields.hasToken(HeaderFields.CONNECTION, HeaderFields.UPGRADE_TOKEN);
    }

    /** The Host header's value, or {@code null}. */
    public String host() {
        return fields.firstValue(HeaderFields.HOST);
    }

    /** Whether the head has a Host field (HTTP/1.0 may leave it out; HTTP/1.1 heads without one are refused). */
    public boolean hasHost() {
        return fields.countOf(HeaderFields.HOST) > 0;
    }

    /**
     * The host this request names, to route by: the absolute-form target's authority, else the Host
     * field's value; lower case, without port. {@code null} when it names none.
     */
    public String routingHost() {
        String host = target.form() == RequestTarget.Form.ABSOLUTE ? target.authority() : host();
        if (host == null || host.isEmpty()) {
            return null;
        }
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(']') < colon) {
            host = host.substring(0, colon);
        }
        return host.toLowerCase(Locale.ROOT);
    }

    /** The value of the first cookie with this name in the Cookie fields, or {@code null}. */
    public String cookie(String name) {
        for (int f = 0; f < fields.size(); f++) {
            if (fields.kind(f) != HeaderFields.COOKIE) {
                continue;
            }
            for (Cookie cookie : ServerCookieDecoder.LAX.decode(fields.value(f))) {
                if (cookie.name().equals(name)) {
                    return cookie.value();
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ allocation-free lookups (gray routing)

    /**
     * The bytes the {@code long} ranges of {@link #fieldRange}, {@link #cookieRange} and {@link
     * #forwardedForEntry} index into. Not a copy: never modify it.
     */
    public byte[] headBytes() {
        return fields.bytes;
    }

    /** {@code start} of a range, as packed by the range methods. */
    public static int rangeStart(long range) {
        return (int) (range >>> 32);
    }

    /** {@code end} (exclusive) of a range, as packed by the range methods. */
    public static int rangeEnd(long range) {
        return (int) range;
    }

    private static long range(int start, int end) {
        return ((long) start << 32) | (end & 0xffffffffL);
    }

    /** Whether the bytes of {@code range} are exactly {@code expected}. */
    public boolean rangeEquals(long range, byte[] expected) {
        int start = rangeStart(range);
        int end = rangeEnd(range);
        if (end - start != expected.length) {
            return false;
        }
        byte[] b = fields.bytes;
        for (int i = 0; i < expected.length; i++) {
            if (b[start + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The value of the first header field named {@code name} (any case; {@code lowerName} in lower
     * case ASCII), as a range of {@link #headBytes()}, or {@code -1} when there is none.
     */
    public long fieldRange(byte[] lowerName) {
        for (int f = 0; f < fields.size(); f++) {
            if (fields.nameEquals(f, lowerName, 0, lowerName.length)) {
                return range(fields.valueStart(f), fields.valueEnd(f));
            }
        }
        return -1;
    }

    /**
     * The value of the first cookie named exactly {@code name} in the Cookie fields, as a range of
     * {@link #headBytes()} (surrounding double quotes removed), or {@code -1}. Scans the bytes; no
     * cookie is decoded into objects.
     */
    public long cookieRange(byte[] name) {
        if (fields.countOf(HeaderFields.COOKIE) == 0) {
            return -1;
        }
        byte[] b = fields.bytes;
        for (int f = 0; f < fields.size(); f++) {
            if (fields.kind(f) != HeaderFields.COOKIE) {
                continue;
            }
            int end = fields.valueEnd(f);
            int p = fields.valueStart(f);
            while (p < end) {
                while (p < end && (b[p] == ' ' || b[p] == '\t' || b[p] == ';')) {
                    p++;
                }
                int nameStart = p;
                while (p < end && b[p] != '=' && b[p] != ';') {
                    p++;
                }
                int nameEnd = p;
                while (nameEnd > nameStart && (b[nameEnd - 1] == ' ' || b[nameEnd - 1] == '\t')) {
                    nameEnd--;
                }
                if (p >= end || b[p] == ';') {
                    continue; // a pair without '=': no value
                }
                p++; // '='
                int valueStart = p;
                while (p < end && b[p] != ';') {
                    p++;
                }
                int valueEnd = p;
                while (valueStart < valueEnd && (b[valueStart] == ' ' || b[valueStart] == '\t')) {
                    valueStart++;
                }
                while (valueEnd > valueStart && (b[valueEnd - 1] == ' ' || b[valueEnd - 1] == '\t')) {
                    valueEnd--;
                }
                if (nameEnd - nameStart == name.length && regionEquals(b, nameStart, name)) {
                    if (valueEnd - valueStart >= 2 && b[valueStart] == '"' && b[valueEnd - 1] == '"') {
                        valueStart++;
                        valueEnd--;
                    }
                    return range(valueStart, valueEnd);
                }
            }
        }
        return -1;
    }

    private static boolean regionEquals(byte[] b, int at, byte[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (b[at + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The {@code hops}-th address from the right of the {@code X-Forwarded-For} fields (all of them,
     * in order, as one list), trimmed, as a range of {@link #headBytes()}; the leftmost when the list
     * is shorter; {@code -1} without the field or an address there.
     */
    public long forwardedForEntry(int hops) {
        if (fields.countOf(HeaderFields.X_FORWARDED_FOR) == 0 || hops < 1) {
            return -1;
        }
        byte[] b = fields.bytes;
        int seen = 0;
        long leftmost = -1;
        for (int f = fields.size() - 1; f >= 0; f--) {
            if (fields.kind(f) != HeaderFields.X_FORWARDED_FOR) {
                continue;
            }
            int start = fields.valueStart(f);
            int p = fields.valueEnd(f);
            while (p > start) {
                int entryEnd = p;
                while (p > start && b[p - 1] != ',') {
                    p--;
                }
                int entryStart = p;
                if (p > start) {
                    p--; // the comma
                }
                while (entryStart < entryEnd && (b[entryStart] == ' ' || b[entryStart] == '\t')) {
                    entryStart++;
                }
                while (entryEnd > entryStart && (b[entryEnd - 1] == ' ' || b[entryEnd - 1] == '\t')) {
                    entryEnd--;
                }
                if (entryEnd == entryStart) {
                    continue;
                }
                leftmost = range(entryStart, entryEnd);
                if (++seen == hops) {
                    return leftmost;
                }
            }
        }
        return leftmost;
    }

    /** Whether the client sent an {@code Idempotency-Key}, making any method safe to send again. */
    public boolean hasIdempotencyKey() {
        return fields.countOf(HeaderFields.IDEMPOTENCY_KEY) > 0;
    }
}
