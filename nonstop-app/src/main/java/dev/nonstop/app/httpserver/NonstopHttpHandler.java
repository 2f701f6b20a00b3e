package dev.nonstop.app.httpserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.nonstop.app.NonstopApp;
import dev.nonstop.app.NonstopEndpoints;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The contract endpoints on the JDK HTTP server ({@code com.sun.net.httpserver}).
 *
 * <p>{@link #wrap(NonstopApp, HttpHandler)} is the one-line integration: it answers the three
 * contract paths itself and hands every other request to the app's handler, counting it in {@link
 * NonstopApp#inFlight()} until the app's handler has returned and the exchange is closed. An app
 * with its own router routes the three paths to {@link #endpoints(NonstopApp)} and counts its own
 * requests.
 */
public final class NonstopHttpHandler implements HttpHandler {

    private final NonstopApp app;
    private final HttpHandler application;

    private NonstopHttpHandler(NonstopApp app, HttpHandler application) {
        this.app = app;
        this.application = application;
    }

    /** The contract endpoints and, for every other path, {@code application}, counted as in flight. */
    public static HttpHandler wrap(NonstopApp app, HttpHandler application) {
        return new NonstopHttpHandler(app, application);
    }

    /** Only the contract endpoints: 404 for any other path. */
    public static HttpHandler endpoints(NonstopApp app) {
        return new NonstopHttpHandler(app, exchange -> {
            write(exchange, new NonstopEndpoints.Response(404, Map.of(), "{\"error\":\"no such path\"}"));
        });
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Optional<NonstopEndpoints.Response> answer = app.endpoints()
                .handle(
                        exchange.getRequestMethod(),
                        path,
                        exchange.getRequestHeaders().getFirst("Authorization"));
        if (answer.isPresent()) {
            write(exchange, answer.get());
            return;
        }
        app.inFlight().enter();
        try {
            application.handle(exchange);
        } finally {
            // Closing completes the response; closing twice is harmless.
            exchange.close();
            app.inFlight().exit();
        }
    }

    /** Writes {@code response} completely and closes the exchange. */
    public static void write(HttpExchange exchange, NonstopEndpoints.Response response) throws IOException {
        try {
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            response.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.getResponseHeaders().set("Content-Type", NonstopEndpoints.CONTENT_TYPE);
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } finally {
            exchange.close();
        }
    }
}
