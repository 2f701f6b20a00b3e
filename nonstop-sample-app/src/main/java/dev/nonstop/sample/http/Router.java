package dev.nonstop.sample.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.nonstop.app.InFlight;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The one handler of the server: dispatches on the exact path and the method, answers 404 and 405
 * itself, and counts application requests in an {@link InFlight} (the nonstop-app {@code http}
 * participant) from the moment it starts
 * one until its response is written. Built once, then read-only.
 */
public final class Router implements HttpHandler {

    /** Whether a route's requests count as in flight. */
    public enum Traffic {
        /** Application work: counted, a drained instance is idle only when none is running. */
        APPLICATION,
        /** Probes and control endpoints: never counted. */
        CONTROL
    }

    private record Route(HttpHandler handler, Traffic traffic) {}

    private final Map<String, Map<String, Route>> routes = new HashMap<>();
    private final InFlight inFlight;

    public Router(InFlight inFlight) {
        this.inFlight = inFlight;
    }

    /** Adds a route; call before the server starts. */
    public Router route(String method, String path, Traffic traffic, HttpHandler handler) {
        Route previous = routes.computeIfAbsent(path, p -> new LinkedHashMap<>())
                .putIfAbsent(method, new Route(handler, traffic));
        if (previous != null) {
            throw new IllegalArgumentException(method + " " + path + " is routed twice");
        }
        return this;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            Map<String, Route> byMethod = routes.get(exchange.getRequestURI().getPath());
            if (byMethod == null) {
                Responses.error(
                        exchange,
                        404,
                        "no such path: " + exchange.getRequestURI().getPath());
                return;
            }
            Route route = byMethod.get(exchange.getRequestMethod());
            if (route == null) {
                exchange.getResponseHeaders().set("Allow", String.join(", ", new TreeSet<>(byMethod.keySet())));
                Responses.error(exchange, 405, "method " + exchange.getRequestMethod() + " not allowed here");
                return;
            }
            run(route, exchange);
        } finally {
            exchange.close();
        }
    }

    private void run(Route route, HttpExchange exchange) throws IOException {
        boolean counted = route.traffic() == Traffic.APPLICATION;
        if (counted) {
            inFlight.enter();
        }
        try {
            route.handler().handle(exchange);
        } catch (RuntimeException e) {
            System.err.println("nonstop-sample-app: " + exchange.getRequestMethod() + " " + exchange.getRequestURI()
                    + " failed: " + e);
            if (exchange.getResponseCode() == -1) {
                Responses.error(exchange, 500, "internal error");
            }
        } finally {
            // Handlers close the exchange, which writes the response completely; closing twice is harmless.
            exchange.close();
            if (counted) {
                inFlight.exit();
            }
        }
    }
}
