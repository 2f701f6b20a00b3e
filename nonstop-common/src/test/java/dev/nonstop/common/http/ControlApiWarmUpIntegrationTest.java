package dev.nonstop.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.common.token.BearerToken;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link ControlApiWarmUp} against a real {@link ControlApiServer} on loopback. */
class ControlApiWarmUpIntegrationTest {
    private static final String TOKEN = "warm-up-test-token-0123456789";

    private final ConcurrentMap<String, AtomicInteger> reads = new ConcurrentHashMap<>();
    private ControlApiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void serve(HttpResponseStatus status) {
        server = ControlApiServer.builder("test API", BearerToken.of(TOKEN, "test token"), request -> {
                    reads.computeIfAbsent(request.uri(), k -> new AtomicInteger())
                            .incrementAndGet();
                    return ControlResponses.json(status, Map.of("apps", List.of(Map.of("name", "shop"))));
                })
                .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .start();
    }

    @Test
    void readsEachPathInTurnWithTheTokenUntilTheCountIsReached() {
        serve(HttpResponseStatus.OK);

        ControlApiWarmUp.Result result = ControlApiWarmUp.run(
                server.address(),
                TOKEN,
                List.of("/api/apps", "/api/releases?state=RUNNING"),
                301,
                Duration.ofSeconds(30));

        assertThat(result.calls()).isEqualTo(301);
        // Only authenticated reads reach the handler: every one carried the token.
        assertThat(reads).containsOnlyKeys("/api/apps", "/api/releases?state=RUNNING");
        assertThat(reads.get("/api/apps")).hasValue(151);
        assertThat(reads.get("/api/releases?state=RUNNING")).hasValue(150);
        assertThat(result.took()).isPositive();
    }

    @Test
    void stopsAtItsBudget() {
        serve(HttpResponseStatus.OK);

        ControlApiWarmUp.Result result = ControlApiWarmUp.run(
                server.address(), TOKEN, List.of("/api/apps"), Integer.MAX_VALUE, Duration.ofMillis(300));

        assertThat(result.calls()).isPositive();
        assertThat(result.took()).isLessThan(Duration.ofSeconds(5));
        assertThat(reads.get("/api/apps")).hasValue(result.calls());
    }

    @Test
    void stopsAtTheFirstAnswerThatIsNotASuccess() {
        serve(HttpResponseStatus.SERVICE_UNAVAILABLE);

        ControlApiWarmUp.Result result =
                ControlApiWarmUp.run(server.address(), TOKEN, List.of("/api/apps"), 100, Duration.ofSeconds(30));

        assertThat(result.calls()).isZero();
        assertThat(reads.get("/api/apps")).hasValue(1);
    }

    @Test
    void aWrongTokenEndsTheWarmUpWithoutReachingTheHandler() {
        serve(HttpResponseStatus.OK);

        ControlApiWarmUp.Result result = ControlApiWarmUp.run(
                server.address(), "not-the-token", List.of("/api/apps"), 100, Duration.ofSeconds(30));

        assertThat(result.calls()).isZero();
        assertThat(reads).isEmpty();
    }

    @Test
    void aServerThatIsGoneEndsTheWarmUpQuietly() throws Exception {
        InetSocketAddress closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = new InetSocketAddress(socket.getInetAddress(), socket.getLocalPort());
        }

        ControlApiWarmUp.Result result =
                ControlApiWarmUp.run(closed, TOKEN, List.of("/api/apps"), 100, Duration.ofSeconds(30));

        assertThat(result.calls()).isZero();
        assertThat(result.took()).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void refusesToRunWithoutAPath() {
        serve(HttpResponseStatus.OK);

        assertThatThrownBy(() -> ControlApiWarmUp.run(server.address(), TOKEN, List.of(), 10, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("paths");
    }
}
