package dev.nonstop.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The header lines of one message head, as received: the head's bytes and, per field, where its
 * line, name and value start and end. Nothing is decoded into strings unless asked for; the
 * gateway copies the lines it keeps byte for byte when it forwards the head.
 *
 * <p>Parsing is strict for requests (RFC 9112: CRLF line ends, no obsolete line folding, token
 * names, no whitespace before the colon, no control characters in values) and lenient for
 * responses from members (a bare LF ends a line; names may hold any visible character but the
 * colon). A violation throws {@link MalformedHeadException}.
 */
final class HeaderFields {
    // Per field: line start, name end, value start, value end, line end (after the LF), kind.
    private static final int LINE = 0, NAME_END = 1, VALUE = 2, VALUE_END = 3, LINE_END = 4, KIND = 5, SLOTS = 6;

    /** Field kinds the gateway acts on; {@link #OTHER} is everything it passes through untouched. */
    static final int OTHER = 0,
            HOST = 1,
            CONTENT_LENGTH = 2,
            TRANSFER_ENCODING = 3,
            CONNECTION = 4,
            KEEP_ALIVE = 5,
            PROXY_CONNECTION = 6,
            TE = 7,
            UPGRADE = 8,
            VIA = 9,
            X_FORWARDED_FOR = 10,
            X_FORWARDED_PROTO = 11,
            X_FORWARDED_HOST = 12,
            COOKIE = 13,
            IDEMPOTENCY_KEY = 14;

    private static final byte[][] NAMES = {
        null,
        ascii("host"),
        ascii("content-length"),
        ascii("transfer-encoding"),
        ascii("connection"),
        ascii("keep-alive"),
        ascii("proxy-connection"),
        ascii("te"),
        ascii("upgrade"),
        ascii("via"),
        ascii("x-forwarded-for"),
        ascii("x-forwarded-proto"),
        ascii("x-forwarded-host"),
        ascii("cookie"),
        ascii("idempotency-key"),
    };

    private static final boolean[] TCHAR = new boolean[256];

    static {
        for (char c = '0'; c <= '9'; c++) TCHAR[c] = true;
        for (char c = 'a'; c <= 'z'; c++) TCHAR[c] = true;
        for (char c = 'A'; c <= 'Z'; c++) TCHAR[c] = true;
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) TCHAR[c] = true;
    }

    final byte[] bytes;
    private int[] fields;
    private int count;
    /** Bit k: a field of kind k is present; in {@link #repeatedKinds}: more than one. */
    private int presentKinds;

    private int repeatedKinds;
    /** Some line ends with a bare LF (lenient parsing only): lines are rewritten, not copied. */
    private boolean bareLf;

    private HeaderFields(byte[] bytes, int expected) {
        this.bytes = bytes;
        this.fields = new int[Math.max(4, expected) * SLOTS];
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static boolean isTchar(int b) {
        return TCHAR[b & 0xff];
    }

    /**
     * Parses the header lines of {@code bytes} from {@code from}, up to and including the empty line
     * that ends the head; that line must end exactly at {@code end}.
     */
    static HeaderFields parse(byte[] bytes, int from, int end, boolean strict) {
        // About one field per 24 bytes of head; the array grows when a head has more.
        HeaderFields h = new HeaderFields(bytes, (end - from) / 24);
        int p = from;
        while (true) {
            if (p >= end) {
                throw new MalformedHeadException(HttpResponseStatus.BAD_REQUEST, "head not terminated");
            }
            int b = bytes[p];
            if (b == '\r') {
                if (p + 1 < end && bytes[p + 1] == '\n') {
                    p += 2;
                    break;
                }
                throw malformed("CR not followed by LF");
            }
            if (b == '\n') {
                if (strict) {
                    throw malformed("bare LF");
                }
                h.bareLf = true;
                p++;
                break;
            }
            if (b == ' ' || b == '\t') {
                throw malformed("obsolete line folding");
            }
            p = h.parseLine(p, end, strict);
        }
        if (p != end) {
            throw malformed("bytes after the end of the head");
        }
        return h;
    }

    private int parseLine(int start, int end, boolean strict) {
        byte[] b = bytes;
        int p = start;
        while (p < end && b[p] != ':') {
            int c = b[p] & 0xff;
            if (strict ? !TCHAR[c] : (c <= ' ' || c == 0x7f)) {
                throw malformed(c == ' ' || c == '\t' ? "whitespace before the colon" : "invalid header name");
            }
            p++;
        }
        if (p == start || p >= end) {
            throw malformed(p == start ? "empty header name" : "header line without a colon");
        }
        int nameEnd = p++;
        while (p < end && (b[p] == ' ' || b[p] == '\t')) {
            p++;
        }
        int valueStart = p;
        int lineEnd;
        while (true) {
            if (p >= end) {
                throw malformed("header line not terminated");
            }
            int c = b[p] & 0xff;
            if (c == '\r') {
                if (p + 1 < end && b[p + 1] == '\n') {
                    lineEnd = p + 2;
                    break;
                }
                throw malformed("CR not followed by LF");
            }
            if (c == '\n') {
                if (strict) {
                    throw malformed("bare LF");
                }
                bareLf = true;
                lineEnd = p + 1;
                break;
            }
            if (c < ' ' && c != '\t' || c == 0x7f) {
                if (strict || c == 0) {
                    throw malformed("control character in a header value");
                }
            }
            p++;
        }
        int valueEnd = p;
        while (valueEnd > valueStart && (b[valueEnd - 1] == ' ' || b[valueEnd - 1] == '\t')) {
            valueEnd--;
        }
        add(start, nameEnd, valueStart, valueEnd, lineEnd, kindOf(b, start, nameEnd));
        return lineEnd;
    }

    private void add(int line, int nameEnd, int value, int valueEnd, int lineEnd, int kind) {
        int at = count * SLOTS;
        if (at + SLOTS > fields.length) {
            fields = Arrays.copyOf(fields, fields.length * 2);
        }
        fields[at + LINE] = line;
        fields[at + NAME_END] = nameEnd;
        fields[at + VALUE] = value;
        fields[at + VALUE_END] = valueEnd;
        fields[at + LINE_END] = lineEnd;
        fields[at + KIND] = kind;
        int bit = 1 << kind;
        repeatedKinds |= presentKinds & bit;
        presentKinds |= bit;
        count++;
    }

    private static int kindOf(byte[] b, int start, int end) {
        int length = end - start;
        int first = b[start] | 0x20;
        int candidate =
                switch (length) {
                    case 2 -> TE;
                    case 3 -> VIA;
                    case 4 -> HOST;
                    case 6 -> COOKIE;
                    case 7 -> UPGRADE;
                    case 10 -> first == 'c' ? CONNECTION : KEEP_ALIVE;
                    case 14 -> CONTENT_LENGTH;
                    case 15 -> first == 'x' ? X_FORWARDED_FOR : IDEMPOTENCY_KEY;
                    case 16 -> first == 'x' ? X_FORWARDED_HOST : PROXY_CONNECTION;
                    case 17 -> first == 'x' ? X_FORWARDED_PROTO : TRANSFER_ENCODING;
                    default -> OTHER;
                };
        return candidate != OTHER && equalsLower(b, start, end, NAMES[candidate]) ? candidate : OTHER;
    }

    /** Whether {@code b[start, end)} equals {@code lower} (lower-case letters, digits, '-'), ignoring case. */
    static boolean equalsLower(byte[] b, int start, int end, byte[] lower) {
        if (end - start != lower.length) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            int c = b[start + i];
            if (c != lower[i] && (c | 0x20) != lower[i]) {
                return false;
            }
        }
        return true;
    }

    static MalformedHeadException malformed(String why) {
        return new MalformedHeadException(HttpResponseStatus.BAD_REQUEST, why);
    }

    // ------------------------------------------------------------------ queries

    int size() {
        return count;
    }

    int kind(int field) {
        return fields[field * SLOTS + KIND];
    }

    /** How many fields of that kind the head has: 0, 1, or 2 for two or more. */
    int countOf(int kind) {
        int bit = 1 << kind;
        return (presentKinds & bit) == 0 ? 0 : (repeatedKinds & bit) == 0 ? 1 : 2;
    }

    /** The first field of that kind, or -1. */
    int first(int kind) {
        if ((presentKinds & (1 << kind)) == 0) {
            return -1;
        }
        for (int f = 0; f < count; f++) {
            if (fields[f * SLOTS + KIND] == kind) {
                return f;
            }
        }
        return -1;
    }

    int valueStart(int field) {
        return fields[field * SLOTS + VALUE];
    }

    int valueEnd(int field) {
        return fields[field * SLOTS + VALUE_END];
    }

    String value(int field) {
        int start = valueStart(field);
        return new String(bytes, start, valueEnd(field) - start, StandardCharsets.ISO_8859_1);
    }

    /** The value of the first field of that kind, or {@code null}. */
    String firstValue(int kind) {
        int field = first(kind);
        return field < 0 ? null : value(field);
    }

    boolean nameEquals(int field, byte[] b, int start, int end) {
        int nameStart = fields[field * SLOTS + LINE];
        int nameEnd = fields[field * SLOTS + NAME_END];
        if (nameEnd - nameStart != end - start) {
            return false;
        }
        for (int i = 0; i < end - start; i++) {
            int x = bytes[nameStart + i];
            int y = b[start + i];
            if (x != y && toLower(x) != toLower(y)) {
                return false;
            }
        }
        return true;
    }

    private static int toLower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    // The token walks below repeat one loop on purpose: they run for every request and response,
    // and a shared walk taking a lambda measured slower (a megamorphic call, captured state).

    /**
     * Whether a comma-separated token list in the values of every field of {@code kind} contains
     * {@code token} (lower case), ignoring case.
     */
    boolean hasToken(int kind, byte[] token) {
        if (countOf(kind) == 0) {
            return false;
        }
        for (int f = first(kind); f < count; f++) {
            if (kind(f) != kind) {
                continue;
            }
            int p = valueStart(f);
            int end = valueEnd(f);
            while (p < end) {
                int comma = p;
                while (comma < end && bytes[comma] != ',') {
                    comma++;
                }
                int s = p;
                int e = comma;
                while (s < e && (bytes[s] == ' ' || bytes[s] == '\t')) s++;
                while (e > s && (bytes[e - 1] == ' ' || bytes[e - 1] == '\t')) e--;
                if (equalsLower(bytes, s, e, token)) {
                    return true;
                }
                p = comma + 1;
            }
        }
        return false;
    }

    /**
     * Whether the field is named by a token of a {@code Connection} field (RFC 9110 section 7.6.1:
     * such fields are hop-by-hop). Only asked about fields of kind {@link #OTHER}.
     */
    boolean namedByConnection(int field) {
        if (countOf(CONNECTION) == 0) {
            return false;
        }
        for (int f = first(CONNECTION); f < count; f++) {
            if (kind(f) != CONNECTION) {
                continue;
            }
            int p = valueStart(f);
            int end = valueEnd(f);
            while (p < end) {
                int comma = p;
                while (comma < end && bytes[comma] != ',') {
                    comma++;
                }
                int s = p;
                int e = comma;
                while (s < e && (bytes[s] == ' ' || bytes[s] == '\t')) s++;
                while (e > s && (bytes[e - 1] == ' ' || bytes[e - 1] == '\t')) e--;
                if (e > s && nameEquals(field, bytes, s, e)) {
                    return true;
                }
                p = comma + 1;
            }
        }
        return false;
    }

    /** Whether the {@code Connection} fields name anything but close, keep-alive and upgrade. */
    boolean connectionNamesFields() {
        if (countOf(CONNECTION) == 0) {
            return false;
        }
        for (int f = first(CONNECTION); f < count; f++) {
            if (kind(f) != CONNECTION) {
                continue;
            }
            int p = valueStart(f);
            int end = valueEnd(f);
            while (p < end) {
                int comma = p;
                while (comma < end && bytes[comma] != ',') {
                    comma++;
                }
                int s = p;
                int e = comma;
                while (s < e && (bytes[s] == ' ' || bytes[s] == '\t')) s++;
                while (e > s && (bytes[e - 1] == ' ' || bytes[e - 1] == '\t')) e--;
                if (e > s
                        && !equalsLower(bytes, s, e, CLOSE)
                        && !equalsLower(bytes, s, e, KEEP_ALIVE_TOKEN)
                        && !equalsLower(bytes, s, e, UPGRADE_TOKEN)) {
                    return true;
                }
                p = comma + 1;
            }
        }
        return false;
    }

    static final byte[] CLOSE = ascii("close");
    static final byte[] KEEP_ALIVE_TOKEN = ascii("keep-alive");
    static final byte[] UPGRADE_TOKEN = ascii("upgrade");
    static final byte[] CHUNKED = ascii("chunked");

    // ------------------------------------------------------------------ writing

    /**
     * Copies the fields for which {@code keep} answers true to {@code out}, each as one line ending
     * in CRLF. Runs of kept lines are copied in one go.
     */
    void writeKept(ByteBuf out, FieldFilter keep) {
        int runStart = -1;
        int runEnd = -1;
        for (int f = 0; f < count; f++) {
            int at = f * SLOTS;
            if (!keep.keep(this, f, fields[at + KIND])) {
                continue;
            }
            if (bareLf) {
                out.writeBytes(bytes, fields[at + LINE], fields[at + VALUE_END] - fields[at + LINE]);
                out.writeShort(CRLF_SHORT);
                continue;
            }
            int line = fields[at + LINE];
            if (line != runEnd) {
                if (runStart >= 0) {
                    out.writeBytes(bytes, runStart, runEnd - runStart);
                }
                runStart = line;
            }
            runEnd = fields[at + LINE_END];
        }
        if (runStart >= 0) {
            out.writeBytes(bytes, runStart, runEnd - runStart);
        }
    }

    /** Writes the values of every field of that kind, joined with ", ". @return whether any was written */
    boolean writeValues(ByteBuf out, int kind) {
        boolean any = false;
        if (countOf(kind) == 0) {
            return false;
        }
        for (int f = first(kind); f < count; f++) {
            if (kind(f) != kind) {
                continue;
            }
            int s = valueStart(f);
            int e = valueEnd(f);
            if (e == s) {
                continue;
            }
            if (any) {
                out.writeShort(COMMA_SPACE_SHORT);
            }
            out.writeBytes(bytes, s, e - s);
            any = true;
        }
        return any;
    }

    static final int CRLF_SHORT = ('\r' << 8) | '\n';
    static final int COMMA_SPACE_SHORT = (',' << 8) | ' ';

    /** Decides, per field, whether a forwarded head keeps it. */
    @FunctionalInterface
    interface FieldFilter {
        boolean keep(HeaderFields fields, int field, int kind);
    }
}
