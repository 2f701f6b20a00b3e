package dev.nonstop.testing.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nonstop.testing.leak.NettyLeakDetectionExtension;
import dev.nonstop.testing.load.LoadGenerator;
import dev.nonstop.testing.load.LoadRun;
import dev.nonstop.testing.load.Report;
import dev.nonstop.testing.load.RequestSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NettyLeakDetectionExtension.class)
class TestUpstreamIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private TestUpstream upstream;

    @BeforeEach
    void start() {
        upstream = TestUpstream.start(
                TestUpstreamOptions.builder().id("it").printRequestIds(false).build());
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void webSocketEchoesTextFramesAndClosesCleanly() throws Exception {
        CompletableFuture<String> echoed = new CompletableFuture<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                echoed.complete(data.toString());
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }
        };
        HttpClient client = HttpClient.newHttpClient();
        try {
            WebSocket socket = client.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + upstream.port() + "/ws"), listener)
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);

            socket.sendText("hello nonstop", true);
            assertThat(echoed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("hello nonstop");

            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
        } finally {
            client.shutdownNow();
        }
    }

    @Test
    void largeBodiesStreamBothWays() throws Exception {
        RequestSpec upload = RequestSpec.post("/upload", 5 << 20);
        RequestSpec download = RequestSpec.get("/chunked?chunks=200&size=65536");
        Report report = run(LoadGenerator.builder()
                .target("127.0.0.1", upstream.port())
                .connections(2)
                .request(1, upload)
                .request(1, download)
                .maxRequests(10));

        assertThat(report.failed()).as(report.toString()).isZero();
        assertThat(report.succeeded(upload)).isEqualTo(5);
        assertThat(report.succeeded(download)).isEqualTo(5);
    }

    @Test
    void gracefulStopFinishesTheRequestInFlight() throws Exception {
        try (LoadRun run = LoadGenerator.builder()
                .target("127.0.0.1", upstream.port())
                .request(1, RequestSpec.slowGet("/x", Duration.ofMillis(300)))
                .maxRequests(1)
                .build()
                .start()) {
            await().atMost(WAIT).until(() -> upstream.requestsReceived() == 1);

            assertThat(upstream.stop(WAIT)).isTrue();

            Report report = run.awaitCompletion(WAIT);
            assertThat(report.succeeded()).as(report.toString()).isEqualTo(1);
        }
    }

    @Test
    void pipelinedAndKeptAliveAtHighRateWithoutLoss() throws Exception {
        Report report = run(LoadGenerator.builder()
                .target("127.0.0.1", upstream.port())
                .connections(8)
                .request(1, RequestSpec.get("/bench"))
                .maxRequests(20_000));

        assertThat(report.succeeded()).as(report.toString()).isEqualTo(20_000);
        assertThat(upstream.requestsReceived()).isEqualTo(20_000);
    }

    private static Report run(LoadGenerator.Builder load) throws InterruptedException {
        try (LoadRun run = load.build().start()) {
            return run.awaitCompletion(WAIT);
        }
    }
}
