package dev.nonstop.controller.runner;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.nonstop.app.NonstopStatus;
import dev.nonstop.controller.client.AppStatus.Participant;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A small app on a JDK {@link HttpServer} speaking the drain contract with drain participants, its status written by
 * the app library's {@link NonstopStatus}: {@code GET
 * /nonstop/status}, {@code POST /nonstop/drain} and {@code /nonstop/resume} with the bearer token, and {@code GET
 * /ready}. What its participants say is scripted by how many status answers it gave since the drain (1 for the first),
 * so a test decides when each becomes idle, or that one never does.
 */
final class FakeParticipantsApp implements AutoCloseable {

    private final HttpServer server;
    private final String token;
    private final String version;
    private final IntFunction<List<Participant>> script;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicInteger answersSinceDrain = new AtomicInteger();

    /**
     * @param script the participants of the n-th answer since the drain; before the drain, every participant is
     *     what answer 0 says
     */
    FakeParticipantsApp(String token, String version, IntFunction<List<Participant>> script) throws IOException {
        this(0, token, version, script);
    }

    FakeParticipantsApp(int port, String token, String version, IntFunction<List<Participant>> script)
            throws IOException {
        this.token = token;
        this.version = version;
        this.script = script;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    boolean draining() {
        return draining.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/ready") || path.equals("/")) {
                reply(exchange, 200, "{\"version\":\"" + version + "\"}");
                return;
            }
            if (!path.startsWith("/nonstop/")) {
                reply(exchange, 404, "{\"error\":\"no " + path + "\"}");
                return;
            }
            if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                reply(exchange, 401, "{\"error\":\"token\"}");
                return;
            }
            switch (method + " " + path) {
                case "POST /nonstop/drain" -> draining.set(true);
                case "POST /nonstop/resume" -> {
                    draining.set(false);
                    answersSinceDrain.set(0);
                }
                case "GET /nonstop/status" -> {}
                default -> {
                    reply(exchange, 405, "{\"error\":\"" + method + "\"}");
                    return;
                }
            }
            reply(exchange, 200, status());
        }
    }

    /** The status as the app library writes it ({@link NonstopStatus#toJson}). */
    private String status() {
        boolean isDraining = draining.get();
        List<Participant> participants = script.apply(isDraining ? answersSinceDrain.incrementAndGet() : 0);
        return new NonstopStatus(
                        "fake",
                        version,
                        isDraining,
                        isDraining && participants.stream().allMatch(Participant::idle),
                        participants.stream().mapToLong(Participant::inFlight).sum(),
                        participants.stream()
                                .map(p -> new NonstopStatus.Participant(p.name(), p.idle(), p.inFlight(), p.detail()))
                                .toList())
                .toJson();
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
