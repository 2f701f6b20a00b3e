package dev.nonstop.controller.runner;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stand-in for Prometheus' HTTP API in tests: there is no Prometheus on the test machines, so a JDK HTTP server on
 * 127.0.0.1 (ephemeral port) answers {@code GET /api/v1/query} with the body and status the test sets, and records
 * every request's parameters (decoded) for the test to check.
 */
final class FakePrometheus implements AutoCloseable {
    private final HttpServer server;
    private final AtomicReference<String> body = new AtomicReference<>(vector());
    private final AtomicInteger status = new AtomicInteger(200);
    final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();

    FakePrometheus() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/query", exchange -> {
            Map<String, String> params = new LinkedHashMap<>();
            String raw = exchange.getRequestURI().getRawQuery();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    int eq = pair.indexOf('=');
                    params.put(
                            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            params.put("method", exchange.getRequestMethod());
            requests.add(params);
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    /** The base URL, as a gate's {@code url}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void answer(int httpStatus, String json) {
        status.set(httpStatus);
        body.set(json);
    }

    /** A successful instant vector answer with one sample per value. */
    static String vector(double... values) {
        StringBuilder b = new StringBuilder("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[");
        for (int i = 0; i < values.length; i++) {
            b.append(i == 0 ? "" : ",")
                    .append("{\"metric\":{\"instance\":\"i")
                    .append(i)
                    .append("\"},\"value\":[1764777600.123,\"")
                    .append(values[i])
                    .append("\"]}");
        }
        return b.append("]}}").toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
