package dev.nonstop.testing.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cookies of one simulated user: stores {@code Set-Cookie} values (name and value; a {@code
 * Max-Age} of 0 or less deletes) and sends them all back. Ignores domain, path and expiry dates.
 */
final class CookieJar {
    private final Map<String, String> cookies = new LinkedHashMap<>();

    void store(List<String> setCookies) {
        for (String header : setCookies) {
            String[] parts = header.split(";");
            int eq = parts[0].indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = parts[0].substring(0, eq).trim();
            String value = parts[0].substring(eq + 1).trim();
            if (expires(parts)) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
    }

    /** The {@code Cookie} header value, or {@code null} when there is no cookie. */
    String header() {
        if (cookies.isEmpty()) {
            return null;
        }
        StringBuilder header = new StringBuilder();
        cookies.forEach((name, value) -> {
            if (!header.isEmpty()) {
                header.append("; ");
            }
            header.append(name).append('=').append(value);
        });
        return header.toString();
    }

    Map<String, String> cookies() {
        return Map.copyOf(cookies);
    }

    private static boolean expires(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String attribute = parts[i].trim().toLowerCase(Locale.ROOT);
            if (attribute.startsWith("max-age=")) {
                try {
                    return Long.parseLong(
                                    attribute.substring("max-age=".length()).trim())
                            <= 0;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }
}
