package dev.nonstop.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A response head as a member sent it: its bytes, the status code and its {@link HeaderFields}
 * (parsed leniently: members are trusted). Made by {@link ResponseDecoder}. Owns no buffer.
 */
public final class ResponseHead {
    private static final byte[] HTTP_SLASH = HeaderFields.ascii("HTTP/");

    /** The head, followed by the whole body when it was small and had arrived with the head. */
    final byte[] bytes;

    private final int headLength;
    private final int statusStart;
    private final int statusLineEnd;
    private final int code;
    private final int minor;
    final HeaderFields fields;
    private final long contentLength;
    private final boolean chunked;

    private ResponseHead(
            byte[] bytes,
            int headLength,
            int statusStart,
            int statusLineEnd,
            int code,
            int minor,
            HeaderFields fields) {
        this.bytes = bytes;
        this.headLength = headLength;
        this.statusStart = statusStart;
        this.statusLineEnd = statusLineEnd;
        this.code = code;
        this.minor = minor;
        this.fields = fields;
        this.chunked = lastCodingIsChunked(fields);
        this.contentLength = chunked ? -1 : parseContentLength(fields);
    }

    /**
     * Parses a whole response head: status line, header lines, the empty line, nothing more.
     *
     * @throws MalformedHeadException when the head is not a valid HTTP/1.x response head
     */
    static ResponseHead parse(byte[] b) {
        return parse(b, b.length);
    }

    /**
     * Parses the response head in {@code b[0, end)}; what follows it in {@code b} is the body (see
     * {@link #inlineBodyLength()}).
     */
    static ResponseHead parse(byte[] b, int end) {
        if (end < 13
                || b[0] != 'H'
                || b[1] != 'T'
                || b[2] != 'T'
                || b[3] != 'P'
                || b[4] != '/'
                || b[5] != '1'
                || b[6] != '.'
                || !isDigit(b[7])
                || b[8] != ' ') {
            throw malformed("invalid status line");
        }
        int minor = b[7] - '0';
        int p = 9;
        while (p < end && b[p] == ' ') {
            p++;
        }
        int statusStart = p;
        if (end - p < 4 || !isDigit(b[p]) || !isDigit(b[p + 1]) || !isDigit(b[p + 2])) {
            throw malformed("invalid status code");
        }
        int code = (b[p] - '0') * 100 + (b[p + 1] - '0') * 10 + (b[p + 2] - '0');
        p += 3;
        if (b[p] != ' ' && b[p] != '\r' && b[p] != '\n') {
            throw malformed("invalid status code");
        }
        while (p < end && b[p] != '\r' && b[p] != '\n') {
            p++;
        }
        int lineEnd = p;
        if (p < end && b[p] == '\r') {
            p++;
            if (p >= end || b[p] != '\n') {
                throw malformed("CR not followed by LF");
            }
        }
        p++;
        HeaderFields fields;
        try {
            fields = HeaderFields.parse(b, p, end, false);
        } catch (MalformedHeadException e) {
            throw malformed(e.getMessage());
        }
        return new ResponseHead(b, end, statusStart, lineEnd, code, minor, fields);
    }

    private static MalformedHeadException malformed(String why) {
        return new MalformedHeadException(HttpResponseStatus.BAD_GATEWAY, "malformed response (" + why + ")");
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean lastCodingIsChunked(HeaderFields fields) {
        if (fields.countOf(HeaderFields.TRANSFER_ENCODING) == 0) {
            return false;
        }
        int last = -1;
        for (int f = 0; f < fields.size(); f++) {
            if (fields.kind(f) == HeaderFields.TRANSFER_ENCODING) {
                last = f;
            }
        }
        byte[] b = fields.bytes;
        int start = fields.valueStart(last);
        int end = fields.valueEnd(last);
        int comma = end;
        while (comma > start && b[comma - 1] != ',') {
            comma--;
        }
        while (comma < end && (b[comma] == ' ' || b[comma] == '\t')) {
            comma++;
        }
        return HeaderFields.equalsLower(b, comma, end, HeaderFields.CHUNKED);
    }

    /** Every Content-Length value (several fields, or a list) must be the same number. */
    private static long parseContentLength(HeaderFields fields) {
        if (fields.countOf(HeaderFields.CONTENT_LENGTH) == 0) {
            return -1;
        }
        long length = -1;
        byte[] b = fields.bytes;
        for (int f = fields.first(HeaderFields.CONTENT_LENGTH); f < fields.size(); f++) {
            if (fields.kind(f) != HeaderFields.CONTENT_LENGTH) {
                continue;
            }
            int p = fields.valueStart(f);
            int end = fields.valueEnd(f);
            while (p <= end) {
                while (p < end && (b[p] == ' ' || b[p] == '\t')) p++;
                long value = 0;
                int digits = 0;
                while (p < end && isDigit(b[p]) && digits < 19) {
                    value = value * 10 + (b[p++] - '0');
                    digits++;
                }
                while (p < end && (b[p] == ' ' || b[p] == '\t')) p++;
                if (digits == 0 || digits > 18 || (p < end && b[p] != ',')) {
                    throw malformed("invalid Content-Length");
                }
                if (length >= 0 && length != value) {
                    throw malformed("conflicting Content-Length values");
                }
                length = value;
                p++;
            }
        }
        return length;
    }

    // ------------------------------------------------------------------ queries

    public int code() {
        return code;
    }

    /** Whether the member keeps the connection open after this response. */
    public boolean keepAlive() {
        if (fields.hasToken(HeaderFields.CONNECTION, HeaderFields.CLOSE)) {
            return false;
        }
        return minor >= 1 || fields.hasToken(HeaderFields.CONNECTION, HeaderFields.KEEP_ALIVE_TOKEN);
    }

    /** The body is chunked (the last transfer coding is chunked). */
    public boolean chunked() {
        return chunked;
    }

    /** The declared length of the body, or -1 (chunked, or none declared). */
    long contentLength() {
        return contentLength;
    }

    /**
     * Whether a body that has one (not 1xx, 204, 304, nor a response to HEAD) ends only when the
     * member closes the connection: neither chunked nor of a declared length.
     */
    public boolean delimitedByClose() {
        return !chunked && (hasTransferEncoding() || contentLength < 0);
    }

    /** Length of the body held after the head in {@link #bytes} (0 when the body comes apart). */
    int inlineBodyLength() {
        return bytes.length - headLength;
    }

    /** Writes the body held after the head. */
    void writeInlineBody(ByteBuf out) {
        out.writeBytes(bytes, headLength, bytes.length - headLength);
    }

    boolean hasTransferEncoding() {
        return fields.countOf(HeaderFields.TRANSFER_ENCODING) > 0;
    }

    /** Writes "SP status-code SP reason-phrase CRLF" as received (the part after the version). */
    void writeStatusAfterVersion(ByteBuf out) {
        out.writeByte(' ');
        out.writeBytes(bytes, statusStart, statusLineEnd - statusStart);
        out.writeShort(HeaderFields.CRLF_SHORT);
    }
}
