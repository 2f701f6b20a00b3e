package dev.nonstop.testing.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nonstop.testing.upstream.TestUpstream;
import dev.nonstop.testing.upstream.TestUpstreamOptions;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoadGeneratorIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private TestUpstream upstream;

    @BeforeEach
    void startUpstream() {
        upstream = TestUpstream.start(TestUpstreamOptions.builder()
                .id("u1")
                .threads(2)
                .printRequestIds(false)
                .build());
    }

    @AfterEach
    void stopUpstream() {
        upstream.close();
    }

    @Test
    void everyRequestSentSucceedsAndIsCountedExactly() throws Exception {
        LoadGenerator load = toUpstream().connections(4).maxRequests(2_000).build();

        Report report = run(load);

        assertThat(report.sent()).as(report.toString()).isEqualTo(2_000);
        assertThat(report.succeeded()).isEqualTo(2_000);
        assertThat(report.failed()).isZero();
        assertThat(report.status(200)).isEqualTo(2_000);
        assertThat(report.connectionsOpened())
                .as("keep-alive: one connection per worker")
                .isEqualTo(4);
        assertThat(report.latency().count()).isEqualTo(2_000);
        assertThat(upstream.requestsReceived()).isEqualTo(2_000);
    }

    @Test
    void theMixIsExactAndSlowRequestsAreCounted() throws Exception {
        RequestSpec fast = RequestSpec.get("/x");
        RequestSpec slow = RequestSpec.slowGet("/x", Duration.ofMillis(50));
        RequestSpec post = RequestSpec.post("/upload", 10_000);
        LoadGenerator load = toUpstream()
                .connections(5)
                .request(8, fast)
                .request(1, slow)
                .request(1, post)
                .maxRequests(200)
                .build();

        Report report = run(load);

        assertThat(report.failed()).as(report.toString()).isZero();
        assertThat(report.succeeded(fast)).isEqualTo(160);
        assertThat(report.succeeded(slow)).isEqualTo(20);
        assertThat(report.succeeded(post)).isEqualTo(20);
        assertThat(report.latency().max()).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }

    @Test
    void connectionClosedByTheServerAfterAResponseIsReopenedWithoutFailure() throws Exception {
        LoadGenerator load = toUpstream()
                .request(1, RequestSpec.get("/close"))
                .maxRequests(50)
                .build();

        Report report = run(load);

        assertThat(report.succeeded()).as(report.toString()).isEqualTo(50);
        assertThat(report.connectionsOpened()).isEqualTo(50);
    }

    @Test
    void withoutKeepAliveEveryRequestHasItsOwnConnection() throws Exception {
        Report report = run(toUpstream().keepAlive(false).maxRequests(30).build());

        assertThat(report.succeeded()).as(report.toString()).isEqualTo(30);
        assertThat(report.connectionsOpened()).isEqualTo(30);
    }

    @Test
    void errorStatusesAreFailuresWithTheStatus() throws Exception {
        Report report = run(toUpstream()
                .request(1, RequestSpec.get("/status/503"))
                .maxRequests(10)
                .build());

        assertThat(report.failed(FailureReason.ERROR_STATUS)).isEqualTo(10);
        assertThat(report.status(503)).isEqualTo(10);
        assertThat(report.failedRequests()).extracting(FailedRequest::detail).containsOnly("503");
    }

    @Test
    void cookiesSetByTheServerAreSentBack() throws Exception {
        try (RawServer server = new RawServer(socket -> {
            // The first response logs the user in; later requests must carry the cookie.
            boolean first = true;
            for (String head = RawServer.readHead(socket); head != null; head = RawServer.readHead(socket)) {
                String status = first || head.contains("\r\nCookie: session=abc\r\n") ? "200 OK" : "401 Unauthorized";
                RawServer.write(
                        socket,
                        "HTTP/1.1 " + status
                                + "\r\nSet-Cookie: session=abc; Path=/; HttpOnly\r\nContent-Length: 0\r\n\r\n");
                first = false;
            }
        })) {
            Report report = run(LoadGenerator.builder()
                    .target("127.0.0.1", server.port())
                    .cookies(true)
                    .maxRequests(3)
                    .build());
            assertThat(report.succeeded()).as(report.toString()).isEqualTo(3);
        }
        CookieJar jar = new CookieJar();
        jar.store(java.util.List.of("session=abc; Path=/; HttpOnly", "theme=dark"));
        assertThat(jar.header()).isEqualTo("session=abc; theme=dark");
        jar.store(java.util.List.of("session=; Max-Age=0"));
        assertThat(jar.header()).isEqualTo("theme=dark");
    }

    @Test
    void aResetAfterTheRequestWasWrittenIsAFailureWithItsId() throws Exception {
        try (RawServer server = new RawServer(socket -> {
            if (RawServer.readRequestHead(socket)) {
                RawServer.reset(socket);
            }
        })) {
            Report report = run(toRaw(server).maxRequests(5).build());

            assertThat(report.sent()).isEqualTo(5);
            assertThat(report.failed(FailureReason.RESET)).as(report.toString()).isEqualTo(5);
            assertThat(report.succeeded()).isZero();
            assertThat(report.failedRequests())
                    .extracting(FailedRequest::requestId)
                    .containsExactlyInAnyOrder("req-1", "req-2", "req-3", "req-4", "req-5");
        }
    }

    @Test
    void eofBeforeAnyResponseByteIsAFailureNotARetry() throws Exception {
        try (RawServer server = new RawServer(socket -> {
            if (RawServer.readRequestHead(socket)) {
                socket.shutdownOutput();
                RawServer.readRequestHead(socket); // until the client closes
            }
        })) {
            Report report = run(toRaw(server).maxRequests(4).build());

            assertThat(report.failed(FailureReason.EOF_BEFORE_RESPONSE))
                    .as(report.toString())
                    .isEqualTo(4);
            assertThat(report.connectionsOpened()).isEqualTo(4);
        }
    }

    @Test
    void aResponseCutShortIsTruncated() throws Exception {
        try (RawServer server = new RawServer(socket -> {
            if (RawServer.readRequestHead(socket)) {
                RawServer.write(socket, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part");
            }
        })) {
            Report report = run(toRaw(server).maxRequests(3).build());

            assertThat(report.failed(FailureReason.TRUNCATED))
                    .as(report.toString())
                    .isEqualTo(3);
        }
    }

    @Test
    void garbageIsMalformed() throws Exception {
        try (RawServer server = new RawServer(socket -> {
            if (RawServer.readRequestHead(socket)) {
                RawServer.write(socket, "SMTP ready\r\n\r\n");
            }
        })) {
            Report report = run(toRaw(server).maxRequests(2).build());

            assertThat(report.failed(FailureReason.MALFORMED))
                    .as(report.toString())
                    .isEqualTo(2);
        }
    }

    @Test
    void interimResponsesAreSkippedAndChunkedBodiesRead() throws Exception {
        try (RawServer server = new RawServer(socket -> {
            while (RawServer.readRequestHead(socket)) {
                RawServer.write(
                        socket,
                        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "3;ext=1\r\nabc\r\n0\r\nTrailer: x\r\n\r\n");
            }
        })) {
            Report report = run(toRaw(server).maxRequests(5).build());

            assertThat(report.succeeded()).as(report.toString()).isEqualTo(5);
            assertThat(report.connectionsOpened()).isEqualTo(1);
        }
    }

    @Test
    void aResponseSlowerThanTheReadTimeoutIsATimeout() throws Exception {
        LoadGenerator load = toUpstream()
                .request(1, RequestSpec.slowGet("/x", Duration.ofSeconds(5)))
                .readTimeout(Duration.ofMillis(200))
                .maxRequests(2)
                .build();

        Report report = run(load);

        assertThat(report.failed(FailureReason.TIMEOUT)).as(report.toString()).isEqualTo(2);
    }

    @Test
    void nothingListeningIsConnectRefused() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Report report = run(LoadGenerator.builder()
                .target("127.0.0.1", closedPort)
                .maxRequests(3)
                .build());

        assertThat(report.failed(FailureReason.CONNECT_REFUSED))
                .as(report.toString())
                .isEqualTo(3);
        assertThat(report.sent()).isEqualTo(3);
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsDetectedBeforeWriting() throws Exception {
        try (RawServer server = new RawServer(socket -> {
            if (RawServer.readRequestHead(socket)) {
                RawServer.write(socket, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            }
        })) {
            try (Connection connection = Connection.open(
                    new InetSocketAddress("127.0.0.1", server.port()), Duration.ofSeconds(2), Duration.ofSeconds(2))) {
                connection.write("GET / HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(), new byte[0]);
                assertThat(connection.readResponse(false).status()).isEqualTo(200);

                await().atMost(WAIT).until(connection::closedWhileIdle);
            }
        }
    }

    @Test
    void stopEndsADurationBoundRunWithEveryRequestAccountedFor() throws Exception {
        LoadGenerator load = toUpstream()
                .connections(3)
                .request(1, RequestSpec.slowGet("/x", Duration.ofMillis(20)))
                .build();
        try (LoadRun run = load.start()) {
            await().atMost(WAIT).until(() -> run.report().succeeded() >= 10);
            run.stop();
            Report report = run.awaitCompletion(WAIT);

            assertThat(report.complete()).isTrue();
            assertThat(report.failed()).as(report.toString()).isZero();
            assertThat(report.sent()).isEqualTo(report.succeeded());
        }
    }

    @Test
    void aPacedRunSendsNoMoreThanItsRateWhereAnUnpacedOneWouldSendThousands() throws Exception {
        LoadGenerator load = toUpstream()
                .connections(4)
                .rate(200)
                .maxDuration(Duration.ofSeconds(1))
                .build();

        Report report = run(load);

        // each connection sends every 4 / 200 s = 20 ms: at most 1 s / 20 ms + 1 requests each
        assertThat(report.sent()).as(report.toString()).isBetween(100L, 204L);
        assertThat(report.failed()).isZero();
    }

    @Test
    void settingsAreValidatedWithTheirNames() {
        assertThatThrownBy(() -> LoadGenerator.builder().rate(0)).hasMessage("rate: 0.0 (expected: > 0 requests/s)");
        assertThatThrownBy(() -> LoadGenerator.builder().rate(Double.NaN))
                .hasMessage("rate: NaN (expected: > 0 requests/s)");
        assertThatThrownBy(() -> LoadGenerator.builder().connections(0))
                .hasMessage("connections: 0 (expected: 1..10000)");
        assertThatThrownBy(() -> LoadGenerator.builder().maxDuration(Duration.ZERO))
                .hasMessage("maxDuration: PT0S (expected: > 0)");
        assertThatThrownBy(() -> LoadGenerator.builder().build())
                .hasMessage("target: not set (expected: host and port)");
    }

    private LoadGenerator.Builder toUpstream() {
        return LoadGenerator.builder().target("127.0.0.1", upstream.port()).requestIdPrefix("req");
    }

    private static LoadGenerator.Builder toRaw(RawServer server) {
        return LoadGenerator.builder().target("127.0.0.1", server.port()).readTimeout(Duration.ofSeconds(5));
    }

    private static Report run(LoadGenerator load) throws InterruptedException {
        try (LoadRun run = load.start()) {
            Report report = run.awaitCompletion(WAIT);
            assertThat(report.sent()).as(report.toString()).isEqualTo(report.succeeded() + report.failed());
            return report;
        }
    }
}
