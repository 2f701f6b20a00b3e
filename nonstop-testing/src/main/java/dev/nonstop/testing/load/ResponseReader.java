package dev.nonstop.testing.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads one HTTP/1.1 response at a time from a connection, strictly: status line, headers, then the
 * whole body (Content-Length, chunked, or until the connection closes), which it discards. Interim
 * 1xx responses are skipped. Each read waits at most the socket's read timeout.
 */
final class ResponseReader {
    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 256;
    private static final int MAX_INTERIM = 16;

    private final InputStream in;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int limit;
    private long responseBytes;
    private boolean http10;

    ResponseReader(InputStream in) {
        this.in = in;
    }

    /** Whether bytes beyond the last response have arrived (the server sent something unasked). */
    boolean hasBufferedBytes() {
        return pos < limit;
    }

    /**
     * Reads the next response completely.
     *
     * @param headRequest whether it answers a HEAD request (then it has no body)
     * @throws ResponseEofException if the connection ends before the response is complete
     * @throws MalformedResponseException if the bytes are not a valid response
     * @throws java.net.SocketTimeoutException if a read waits longer than the read timeout
     */
    ResponseHead read(boolean headRequest) throws IOException {
        responseBytes = 0;
        for (int interim = 0; ; interim++) {
            int status = readStatusLine();
            Headers headers = readHeaders();
            if (status >= 200) {
                boolean closeDelimited = readBody(status, headers, headRequest);
                boolean keepAlive = !closeDelimited && headers.keepAlive;
                return new ResponseHead(status, keepAlive, List.copyOf(headers.setCookies));
            }
            if (status == 101) {
                throw new MalformedResponseException("unexpected 101 Switching Protocols");
            }
            if (interim >= MAX_INTERIM) {
                throw new MalformedResponseException("more than " + MAX_INTERIM + " interim responses");
            }
        }
    }

    private int readStatusLine() throws IOException {
        String line = readLine();
        // HTTP/1.1 200 OK
        if (line.length() < 12
                || !line.startsWith("HTTP/1.")
                || (line.charAt(7) != '0' && line.charAt(7) != '1')
                || line.charAt(8) != ' '
                || (line.length() > 12 && line.charAt(12) != ' ')) {
            throw new MalformedResponseException("bad status line: '" + abbreviate(line) + "'");
        }
        int status = 0;
        for (int i = 9; i < 12; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                throw new MalformedResponseException("bad status line: '" + abbreviate(line) + "'");
            }
            status = status * 10 + (c - '0');
        }
        if (status < 100) {
            throw new MalformedResponseException("bad status: " + status);
        }
        http10 = line.charAt(7) == '0';
        return status;
    }

    private Headers readHeaders() throws IOException {
        Headers headers = new Headers();
        boolean close = false;
        boolean keepAliveToken = false;
        for (int count = 0; ; count++) {
            String line = readLine();
            if (line.isEmpty()) {
                break;
            }
            if (count >= MAX_HEADERS) {
                throw new MalformedResponseException("more than " + MAX_HEADERS + " header lines");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t' || line.charAt(colon - 1) == ' ') {
                throw new MalformedResponseException("bad header line: '" + abbreviate(line) + "'");
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> headers.contentLength(value);
                case "transfer-encoding" -> headers.transferEncoding(value);
                case "set-cookie" -> headers.setCookies.add(value);
                case "connection" -> {
                    for (String token : value.split(",")) {
                        String t = token.trim().toLowerCase(Locale.ROOT);
                        close |= t.equals("close");
                        keepAliveToken |= t.equals("keep-alive");
                    }
                }
                default -> {}
            }
        }
        headers.keepAlive = !close && (!http10 || keepAliveToken);
        return headers;
    }

    /** Reads and discards the body; returns true if it was delimited by the connection closing. */
    private boolean readBody(int status, Headers headers, boolean headRequest) throws IOException {
        if (headRequest || status == 204 || status == 304) {
            return false;
        }
        if (headers.chunked) {
            readChunkedBody();
            return false;
        }
        if (headers.contentLength >= 0) {
            skip(headers.contentLength);
            return false;
        }
        if (headers.otherTransferEncoding) {
            throw new MalformedResponseException("unsupported transfer-encoding without chunked");
        }
        while (pos < limit || fill()) {
            responseBytes += limit - pos;
            pos = limit;
        }
        return true;
    }

    private void readChunkedBody() throws IOException {
        while (true) {
            String sizeLine = readLine();
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
            long size;
            try {
                if (hex.isEmpty() || hex.length() > 15) {
                    throw new NumberFormatException();
                }
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new MalformedResponseException("bad chunk size: '" + abbreviate(sizeLine) + "'");
            }
            if (size == 0) {
                for (int trailers = 0; !readLine().isEmpty(); trailers++) {
                    if (trailers >= MAX_HEADERS) {
                        throw new MalformedResponseException("more than " + MAX_HEADERS + " trailer lines");
                    }
                }
                return;
            }
            skip(size);
            if (!readLine().isEmpty()) {
                throw new MalformedResponseException("chunk data longer than its size");
            }
        }
    }

    private void skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            if (pos == limit && !fill()) {
                throw new ResponseEofException(responseBytes);
            }
            int step = (int) Math.min(left, limit - pos);
            pos += step;
            responseBytes += step;
            left -= step;
        }
    }

    /** A line without its CRLF (a bare LF is accepted). */
    private String readLine() throws IOException {
        int start = pos;
        while (true) {
            for (int i = start; i < limit; i++) {
                if (buf[i] == '\n') {
                    int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                    String line = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
                    responseBytes += i + 1 - pos;
                    pos = i + 1;
                    return line;
                }
            }
            if (limit - pos >= MAX_LINE) {
                throw new MalformedResponseException("line longer than " + MAX_LINE + " bytes");
            }
            start = limit - pos; // relative: fill() compacts the buffer
            if (!fill()) {
                throw new ResponseEofException(responseBytes + (limit - pos));
            }
            start += pos;
        }
    }

    /** Reads more bytes after those not yet consumed; false at end of stream. */
    private boolean fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            throw new MalformedResponseException("line longer than " + buf.length + " bytes");
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            return false;
        }
        limit += n;
        return true;
    }

    private static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 80) + "...";
    }

    private static final class Headers {
        long contentLength = -1;
        boolean chunked;
        boolean otherTransferEncoding;
        boolean keepAlive;
        final List<String> setCookies = new ArrayList<>(0);

        void contentLength(String value) throws MalformedResponseException {
            long parsed;
            try {
                if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw new NumberFormatException();
                }
                parsed = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new MalformedResponseException("bad content-length: '" + abbreviate(value) + "'");
            }
            if (contentLength >= 0 && contentLength != parsed) {
                throw new MalformedResponseException("conflicting content-length: " + contentLength + ", " + parsed);
            }
            contentLength = parsed;
        }

        void transferEncoding(String value) {
            String[] codings = value.split(",");
            String last = codings[codings.length - 1].trim().toLowerCase(Locale.ROOT);
            chunked = last.equals("chunked");
            otherTransferEncoding = !chunked;
        }
    }
}
