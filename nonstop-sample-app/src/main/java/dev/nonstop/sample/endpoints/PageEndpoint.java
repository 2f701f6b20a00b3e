package dev.nonstop.sample.endpoints;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.nonstop.sample.http.Responses;
import dev.nonstop.sample.session.Session;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code GET /}: the HTML page. It shows the version's banner in the version's colour, the
 * logged-in user (with a logout button) or a login form, and the instance that answered.
 */
public final class PageEndpoint implements HttpHandler {

    private final CurrentSession sessions;
    private final Instance instance;

    PageEndpoint(CurrentSession sessions, Instance instance) {
        this.sessions = sessions;
        this.instance = instance;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Responses.html(exchange, 200, page(sessions.of(exchange)));
    }

    String page(Optional<Session> session) {
        String version = escape(instance.version().name());
        String color = escape(instance.version().color());
        String user = session.map(s -> "<p>Logged in as <strong class=\"user\">" + escape(s.user())
                        + "</strong></p><form method=\"post\" action=\"/logout\"><button>Log out</button></form>")
                .orElse("<p>Not logged in.</p><form method=\"post\" action=\"/login\">"
                        + "<input name=\"user\" placeholder=\"user name\" required maxlength=\""
                        + LoginEndpoint.MAX_USER_LENGTH + "\"> <button>Log in</button></form>");
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>Nonstop sample app %1$s</title>
                <style>
                body { font-family: system-ui, sans-serif; margin: 0; color: #1f2328; }
                .banner { background: %2$s; color: #fff; padding: 2rem; }
                .banner h1 { margin: 0 0 .5rem; }
                main { padding: 1rem 2rem; }
                </style>
                </head>
                <body>
                <header class="banner" data-version="%1$s"><h1>Nonstop sample app %1$s</h1><p>%3$s</p></header>
                <main>
                %4$s
                <p>Answered by instance <code class="instance">%5$s</code>, version <code>%1$s</code>.</p>
                <p><a href="/me">/me</a> · <a href="/version">/version</a> · <a href="/ready">/ready</a>
                · <a href="/nonstop/status">/nonstop/status</a> · <a href="/slow?ms=2000">/slow?ms=2000</a></p>
                </main>
                </body>
                </html>
                """
                .formatted(version, color, escape(instance.version().banner()), user, escape(instance.id()));
    }

    static String escape(String text) {
        StringBuilder html = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> html.append("&lt;");
                case '>' -> html.append("&gt;");
                case '&' -> html.append("&amp;");
                case '"' -> html.append("&quot;");
                case '\'' -> html.append("&#39;");
                default -> html.append(c);
            }
        }
        return html.toString();
    }
}
