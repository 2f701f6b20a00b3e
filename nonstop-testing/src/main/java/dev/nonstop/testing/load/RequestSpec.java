package dev.nonstop.testing.load;

import java.time.Duration;
import java.util.Objects;

/**
 * One kind of request in a load mix.
 *
 * @param method the HTTP method, e.g. {@code GET}
 * @param target the request target, starting with {@code /} (path and query)
 * @param bodyBytes bytes of request body, sent with {@code Content-Length}; 0 for none
 */
public record RequestSpec(String method, String target, int bodyBytes) {

    public RequestSpec {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        if (method.isEmpty() || !method.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            throw new IllegalArgumentException("method: '" + method + "' (expected: upper-case letters)");
        }
        if (!target.startsWith("/") || !target.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("target: '" + target + "' (expected: /path?query, visible ASCII)");
        }
        if (bodyBytes < 0) {
            throw new IllegalArgumentException("bodyBytes: " + bodyBytes + " (expected: >= 0)");
        }
    }

    public static RequestSpec get(String target) {
        return new RequestSpec("GET", target, 0);
    }

    /** A GET that a {@code TestUpstream} answers after {@code delay} ({@code ?delay=MS}). */
    public static RequestSpec slowGet(String target, Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative() || delay.isZero()) {
            throw new IllegalArgumentException("delay: " + delay + " (expected: > 0)");
        }
        return get(target + (target.contains("?") ? "&" : "?") + "delay=" + delay.toMillis());
    }

    public static RequestSpec post(String target, int bodyBytes) {
        return new RequestSpec("POST", target, bodyBytes);
    }

    /** {@code METHOD target}, plus the body size when there is a body. */
    public String label() {
        return bodyBytes == 0 ? method + " " + target : method + " " + target + " (" + bodyBytes + " bytes)";
    }
}
