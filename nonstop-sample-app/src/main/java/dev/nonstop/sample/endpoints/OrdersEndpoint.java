package dev.nonstop.sample.endpoints;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.nonstop.sample.http.Bodies;
import dev.nonstop.sample.http.Responses;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code POST /orders}: reads the whole body, any size up to 10 MB (413 above), and answers 201
 * {@code {"id":"<instance>-<n>","bytes":N}}: a request whose body a release must not cut.
 */
public final class OrdersEndpoint implements HttpHandler {

    static final long MAX_BODY = 10L * 1024 * 1024;

    private final Instance instance;
    private final AtomicLong sequence = new AtomicLong();

    OrdersEndpoint(Instance instance) {
        this.instance = instance;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long bytes;
        try {
            bytes = Bodies.count(exchange, MAX_BODY);
        } catch (Bodies.TooLargeException e) {
            exchange.getResponseHeaders().set("Connection", "close");
            Responses.error(exchange, 413, e.getMessage());
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", instance.id() + "-" + sequence.incrementAndGet());
        body.put("bytes", bytes);
        Responses.json(exchange, 201, body);
    }
}
