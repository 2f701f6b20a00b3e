package dev.nonstop.common.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a control-plane process's request path hot before it serves: reads from a throwaway instance of its own API,
 * bound to an ephemeral loopback port, through the JDK HTTP client on a keep-alive connection (as the controller
 * polls the gateways, the agents and the apps), each body parsed by Jackson.
 *
 * <p>Why: a controller or an agent runs a release every few days, so without this its first release after a start
 * pays for loading, interpreting and compiling the HTTP client, the JSON parser and the server's pipeline while the
 * release waits on starts and drains, on the cores the apps serve from ({@code bench/release-under-load} measures
 * it). The warm-up stops after {@code calls} reads or {@code budget}, whichever comes first; a failure is logged and
 * never stops the process from starting.
 *
 * <pre>{@code
 * Result r = ControlApiWarmUp.run(throwaway.address(), token, List.of("/api/apps"), 400, Duration.ofSeconds(2));
 * }</pre>
 */
public final class ControlApiWarmUp {
    private static final Logger log = LoggerFactory.getLogger(ControlApiWarmUp.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a warm-up did: the reads that were answered and the time it took. */
    public record Result(int calls, Duration took) {}

    private ControlApiWarmUp() {}

    /**
     * Reads {@code paths} in turn from {@code server} with {@code token} as the bearer token.
     *
     * @param server the throwaway API (loopback)
     * @param token the token that API accepts
     * @param paths the read-only paths, e.g. {@code /api/apps}; each answer's body is parsed as JSON when it is some
     * @param calls the reads after which it stops
     * @param budget the longest it may take
     */
    public static Result run(InetSocketAddress server, String token, List<String> paths, int calls, Duration budget) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(token, "token");
        if (paths == null || paths.isEmpty()) {
            throw new IllegalArgumentException("paths: " + paths + " (expected: at least one path)");
        }
        long started = System.nanoTime();
        long deadline = started + budget.toNanos();
        String base = "http://" + server.getAddress().getHostAddress() + ":" + server.getPort();
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        int done = 0;
        try {
            while (done < calls && System.nanoTime() < deadline) {
                String path = paths.get(done % paths.size());
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(2))
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", "application/json")
                        .GET()
                        .build();
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() / 100 != 2) {
                    log.debug("warm-up: GET {} answered {}; stopping", path, response.statusCode());
                    break;
                }
                if (response.body().length > 0) {
                    JSON.readTree(response.body());
                }
                done++;
            }
        } catch (IOException e) {
            log.debug("warm-up stopped after {} reads: {}", done, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Result(done, Duration.ofNanos(System.nanoTime() - started));
    }
}
