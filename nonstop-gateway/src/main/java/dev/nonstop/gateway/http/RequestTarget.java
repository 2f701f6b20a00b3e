package dev.nonstop.gateway.http;

import java.nio.charset.StandardCharsets;

/**
 * The request target of a request line (RFC 9112 section 3.2), checked and split for routing and
 * forwarding, so that a member is sent the request the gateway routed:
 *
 * <ul>
 *   <li>origin form ({@code /path?query}): forwarded as received, routed by the Host field;
 *   <li>absolute form ({@code http://host[:port]/path?query}, scheme {@code http} or {@code https}
 *       in any case): routed by the URI's host and forwarded in origin form, with a Host field set
 *       to the URI's authority; a Host field the client sent is replaced (section 3.2.2: the
 *       target's authority wins). An empty path is forwarded as {@code /}, or as {@code *} for
 *       {@code OPTIONS} without a query (section 3.2.4). Userinfo ({@code user@host}) is refused;
 *   <li>asterisk form ({@code *}): {@code OPTIONS} only.
 * </ul>
 *
 * Anything else, authority form included ({@code host:port}, for {@code CONNECT}, which the
 * gateway does not serve), is {@linkplain #problem() invalid}. Made by {@link RequestHead#parse}.
 */
public final class RequestTarget {
    public enum Form {
        ORIGIN,
        ABSOLUTE,
        ASTERISK,
        INVALID
    }

    static final RequestTarget ORIGIN = new RequestTarget(Form.ORIGIN, null, null, null);

    private static final String EXPECTED = " (expected: /path, or http://host[:port]/path for a proxy)";
    private static final boolean[] REG_NAME = new boolean[256];

    static {
        // RFC 3986 reg-name: unreserved / sub-delims (pct-encoded is checked on its own).
        for (char c = '0'; c <= '9'; c++) REG_NAME[c] = true;
        for (char c = 'a'; c <= 'z'; c++) REG_NAME[c] = true;
        for (char c = 'A'; c <= 'Z'; c++) REG_NAME[c] = true;
        for (char c : "-._~!$&'()*+,;=".toCharArray()) REG_NAME[c] = true;
    }

    private final Form form;
    private final String authority;
    private final String originForm;
    private final String problem;

    private RequestTarget(Form form, String authority, String originForm, String problem) {
        this.form = form;
        this.authority = authority;
        this.originForm = originForm;
        this.problem = problem;
    }

    private static RequestTarget invalid(String problem) {
        return new RequestTarget(Form.INVALID, null, null, problem);
    }

    /** Classifies the target {@code b[start, end)}, which holds no whitespace or control characters. */
    static RequestTarget of(String method, byte[] b, int start, int end) {
        if (b[start] == '/') {
            return ORIGIN;
        }
        if (end - start == 1 && b[start] == '*') {
            return "OPTIONS".equals(method)
                    ? new RequestTarget(Form.ASTERISK, null, null, null)
                    : invalid("request target * is for OPTIONS only" + EXPECTED);
        }
        int authorityStart = schemeEnd(b, start, end);
        if (authorityStart < 0) {
            return invalid("request target must be an absolute path" + EXPECTED);
        }
        int authorityEnd = authorityStart;
        while (authorityEnd < end && b[authorityEnd] != '/' && b[authorityEnd] != '?') {
            authorityEnd++;
        }
        String bad = checkAuthority(b, authorityStart, authorityEnd);
        if (bad != null) {
            return invalid("request target: " + bad + EXPECTED);
        }
        String authority = ascii(b, authorityStart, authorityEnd);
        String originForm;
        if (authorityEnd == end) {
            originForm = "OPTIONS".equals(method) ? "*" : "/";
        } else if (b[authorityEnd] == '?') {
            originForm = "/" + ascii(b, authorityEnd, end);
        } else {
            originForm = ascii(b, authorityEnd, end);
        }
        return new RequestTarget(Form.ABSOLUTE, authority, originForm, null);
    }

    /** @return where the authority starts after {@code http://} or {@code https://} (any case), or -1 */
    private static int schemeEnd(byte[] b, int start, int end) {
        int p = start;
        if (end - p < 7
                || (b[p] | 0x20) != 'h'
                || (b[p + 1] | 0x20) != 't'
                || (b[p + 2] | 0x20) != 't'
                || (b[p + 3] | 0x20) != 'p') {
            return -1;
        }
        p += 4;
        if ((b[p] | 0x20) == 's') {
            p++;
        }
        return end - p >= 3 && b[p] == ':' && b[p + 1] == '/' && b[p + 2] == '/' ? p + 3 : -1;
    }

    /**
     * Checks {@code b[start, end)} against {@code uri-host [":" port]} (RFC 9110 section 7.2; no
     * userinfo).
     *
     * @return what is wrong with it, or {@code null}
     */
    static String checkAuthority(byte[] b, int start, int end) {
        if (start == end) {
            return "empty host";
        }
        for (int i = start; i < end; i++) {
            if (b[i] == '@') {
                return "userinfo (user@host) is not allowed";
            }
        }
        int p = start;
        if (b[p] == '[') {
            int close = p + 1;
            while (close < end && b[close] != ']') {
                int c = b[close];
                if (!(isHex(c) || c == ':' || c == '.')) {
                    return "invalid IP literal";
                }
                close++;
            }
            if (close == end || close == p + 1) {
                return "invalid IP literal";
            }
            p = close + 1;
        } else {
            while (p < end && b[p] != ':') {
                int c = b[p] & 0xff;
                if (c == '%' && p + 2 < end && isHex(b[p + 1]) && isHex(b[p + 2])) {
                    p += 3;
                    continue;
                }
                if (!REG_NAME[c]) {
                    return "invalid character in host";
                }
                p++;
            }
            if (p == start) {
                return "empty host";
            }
        }
        if (p < end) {
            if (b[p] != ':') {
                return "invalid host";
            }
            p++;
            if (end - p > 5) {
                return "invalid port";
            }
            for (; p < end; p++) {
                if (b[p] < '0' || b[p] > '9') {
                    return "invalid port";
                }
            }
        }
        return null;
    }

    private static boolean isHex(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static String ascii(byte[] b, int start, int end) {
        return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
    }

    public Form form() {
        return form;
    }

    /** Why the target is refused, or {@code null}. */
    String problem() {
        return problem;
    }

    /** The absolute form's authority ({@code host[:port]}) as the client wrote it, else {@code null}. */
    public String authority() {
        return authority;
    }

    /** The target to forward instead of the received one (absolute form), else {@code null}. */
    public String originForm() {
        return originForm;
    }
}
