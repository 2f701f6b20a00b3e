package dev.nonstop.cli.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How a demo user logs in, and where they then check they still are: the plain sample's one POST, or a Spring
 * Security login form (GET the form for its CSRF token and session, POST the credentials with both, keep the
 * cookies). {@link Session} is what a logged-in user holds: their cookies.
 */
enum UserLogin {
    /** The plain sample app: {@code POST /login user=NAME}, a signed {@code SAMPLE_SESSION} cookie, {@code GET /me}. */
    SAMPLE("/me") {
        @Override
        Session login(HttpClient http, URI base, String user) throws IOException, InterruptedException {
            Session session = new Session();
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(base.resolve("/login"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("user=" + user))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            session.keep(response);
            if (!session.cookies.containsKey("SAMPLE_SESSION")) {
                throw new IOException("login of " + user + " set no session cookie: " + response.statusCode());
            }
            return session;
        }
    },

    /**
     * The Spring sample: Spring Security's form ({@code username}, {@code password}, {@code _csrf}), the demo users
     * {@code userN} with the password {@code nonstop}, then {@code GET /api/me} (401 once logged out).
     */
    SPRING_FORM("/api/me") {
        private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

        @Override
        Session login(HttpClient http, URI base, String user) throws IOException, InterruptedException {
            Session session = new Session();
            HttpResponse<String> form = http.send(
                    HttpRequest.newBuilder(base.resolve("/login")).GET().build(), HttpResponse.BodyHandlers.ofString());
            session.keep(form);
            Matcher csrf = CSRF.matcher(form.body());
            if (form.statusCode() != 200 || !csrf.find()) {
                throw new IOException("the login form of " + user + " has no CSRF token: " + form.statusCode());
            }
            String body = "username=" + encode(user) + "&password=nonstop&_csrf=" + encode(csrf.group(1));
            HttpResponse<String> login = http.send(
                    session.with(HttpRequest.newBuilder(base.resolve("/login")))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            session.keep(login);
            String location = login.headers().firstValue("Location").orElse("");
            if (login.statusCode() != 302 || location.contains("error")) {
                throw new IOException("login of " + user + " failed: " + login.statusCode() + " " + location);
            }
            return session;
        }
    };

    private final String checkPath;

    UserLogin(String checkPath) {
        this.checkPath = checkPath;
    }

    /** Logs {@code user} in through the gateway at {@code base}. */
    abstract Session login(HttpClient http, URI base, String user) throws IOException, InterruptedException;

    /** The path a logged-in user asks again and again: 200 while logged in, 401 once logged out. */
    String checkPath() {
        return checkPath;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A user's cookies, as the last responses set them. */
    static final class Session {
        private final Map<String, String> cookies = new LinkedHashMap<>();

        synchronized void keep(HttpResponse<?> response) {
            for (String header : response.headers().allValues("set-cookie")) {
                int semi = header.indexOf(';');
                String pair = semi < 0 ? header : header.substring(0, semi);
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    cookies.put(
                            pair.substring(0, eq).strip(),
                            pair.substring(eq + 1).strip());
                }
            }
        }

        synchronized HttpRequest.Builder with(HttpRequest.Builder request) {
            if (!cookies.isEmpty()) {
                request.header(
                        "Cookie",
                        cookies.entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining("; ")));
            }
            return request.timeout(Duration.ofSeconds(10));
        }
    }
}
