package dev.nonstop.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.HealthCheck;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.MemberState;
import dev.nonstop.gateway.contract.Route;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.gateway.contract.StickySessions;
import dev.nonstop.gateway.stats.MemberStats;
import dev.nonstop.testing.leak.NettyLeakDetectionExtension;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Timeout(60)
@ExtendWith(NettyLeakDetectionExtension.class)
class ProxyIntegrationTest {

    @Test
    void requestAndResponseBodiesPassThroughIntactInBothDirections() throws Exception {
        try (GatewayFixture f = new GatewayFixture(1)) {
            byte[] body = new byte[3 * 1024 * 1024 + 17];
            new Random(42).nextBytes(body);
            CRC32 crc = new CRC32();
            crc.update(body);

            HttpResponse<String> post = f.http.send(
                    HttpRequest.newBuilder(f.uri("/upload"))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<byte[]> chunked = f.http.send(
                    HttpRequest.newBuilder(f.uri("/chunked?chunks=200&size=5000"))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());

            assertThat(post.statusCode()).isEqualTo(200);
            assertThat(post.body().trim()).isEqualTo("m1 " + body.length + " " + String.format("%08x", crc.getValue()));
            assertThat(chunked.body()).hasSize(200 * 5000);
            assertThat(chunked.headers().firstValue("via")).hasValue("1.1 nonstop");
        }
    }

    @Test
    void keepAliveConnectionsToMembersAreReused() throws Exception {
        try (GatewayFixture f = new GatewayFixture(1, a -> a, s -> s.eventLoops(1))) {
            for (int i = 0; i < 50; i++) {
                assertThat(f.get("/x/" + i).statusCode()).isEqualTo(200);
            }
            assertThat(f.upstream("m1").openConnections()).isEqualTo(1);
            assertThat(f.gateway.stats().find("m1").snapshot().requests()).isEqualTo(50);
        }
    }

    @Test
    void serverSentEventsStreamAsTheyAreProduced() throws Exception {
        try (GatewayFixture f = new GatewayFixture(1)) {
            HttpResponse<java.util.stream.Stream<String>> response = f.http.send(
                    HttpRequest.newBuilder(f.uri("/sse?events=3&intervalMs=50")).build(),
                    HttpResponse.BodyHandlers.ofLines());

            assertThat(response.body().filter(l -> l.startsWith("data:")).count())
                    .isEqualTo(3);
        }
    }

    @Test
    void webSocketsAreProxiedAndCountedInFlightUntilTheyClose() throws Exception {
        try (GatewayFixture f = new GatewayFixture(1)) {
            CompletableFuture<String> echo = new CompletableFuture<>();
            WebSocket ws = f.http.newWebSocketBuilder()
                    .buildAsync(
                            java.net.URI.create(
                                    "ws://127.0.0.1:" + f.gateway.address().getPort() + "/ws"),
                            new WebSocket.Listener() {
                                @Override
                                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                                    echo.complete(data.toString());
                                    webSocket.request(1);
                                    return null;
                                }
                            })
                    .get(5, TimeUnit.SECONDS);
            ws.sendText("hello through the gateway", true);

            assertThat(echo.get(5, TimeUnit.SECONDS)).isEqualTo("hello through the gateway");
            assertThat(f.gateway.stats().find("m1").inFlight()).isEqualTo(1);
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> f.gateway.stats().find("m1").inFlight() == 0);
        }
    }

    @Test
    void aDrainDeadlineClosesUpgradedConnectionsAndCountsThem() throws Exception {
        try (GatewayFixture f = new GatewayFixture(2)) {
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            openWebSocket(f, closed);
            String member = memberWithTheUpgradedConnection(f);

            f.gateway.setMemberState(member, MemberState.DRAINING, Duration.ofMillis(200));

            closed.get(5, TimeUnit.SECONDS);
            MemberStats stats = f.gateway.stats().find(member);
            await().atMost(Duration.ofSeconds(5)).until(() -> stats.inFlight() == 0);
            assertThat(stats.snapshot().forcedClosures()).isEqualTo(1);
            assertThat(stats.snapshot().upgradedConnections()).isZero();
        }
    }

    @Test
    void aDrainTakenBackCancelsItsDeadlineSoItCannotCutALaterDrainShort() throws Exception {
        try (GatewayFixture f = new GatewayFixture(2)) {
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            WebSocket ws = openWebSocket(f, closed);
            String member = memberWithTheUpgradedConnection(f);

            // a drain with a short deadline, taken back, then a drain with a long one
            f.gateway.setMemberState(member, MemberState.DRAINING, Duration.ofMillis(200));
            f.gateway.setMemberState(member, MemberState.ACTIVE, null);
            f.gateway.setMemberState(member, MemberState.DRAINING, Duration.ofSeconds(60));

            await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> !closed.isDone());
            assertThat(f.gateway.stats().find(member).snapshot().forcedClosures())
                    .isZero();
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        }
    }

    /** A WebSocket through the gateway to {@code /ws}; {@code closed} gets the close status, -1 on an error. */
    private static WebSocket openWebSocket(GatewayFixture f, CompletableFuture<Integer> closed) throws Exception {
        return f.http.newWebSocketBuilder()
                .buildAsync(
                        java.net.URI.create(
                                "ws://127.0.0.1:" + f.gateway.address().getPort() + "/ws"),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                                closed.complete(statusCode);
                                return null;
                            }

                            @Override
                            public void onError(WebSocket webSocket, Throwable error) {
                                closed.complete(-1);
                            }
                        })
                .get(5, TimeUnit.SECONDS);
    }

    /** The member holding the one upgraded connection, once the gateway counts it. */
    private static String memberWithTheUpgradedConnection(GatewayFixture f) {
        await().atMost(Duration.ofSeconds(5))
                .until(() -> f.gateway.stats().snapshot().stream().anyMatch(s -> s.upgradedConnections() == 1));
        return f.gateway.stats().snapshot().stream()
                .filter(s -> s.upgradedConnections() == 1)
                .findFirst()
                .orElseThrow()
                .member();
    }

    @Test
    void aMemberThatRefusesConnectionsCostsNoRequestAndIsEjected() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        int port = deadPort;
        try (GatewayFixture f = new GatewayFixture(
                1,
                a -> a.withGroups(List.of(new dev.nonstop.gateway.contract.Group(
                        "g",
                        List.of(a.members().findFirst().orElseThrow(), Member.active("dead", "127.0.0.1", port))))),
                s -> s)) {
            for (int i = 0; i < 40; i++) {
                HttpResponse<String> response = f.http.send(
                        HttpRequest.newBuilder(f.uri("/p/" + i))
                                .POST(HttpRequest.BodyPublishers.ofString("x"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
            }
            assertThat(f.gateway.stats().find("dead").healthy()).isFalse();
            assertThat(f.gateway.stats().find("m1").snapshot().requests()).isEqualTo(40);
            assertThat(f.gateway.stats().find("dead").inFlight()).isZero();
        }
    }

    @Test
    void stickySessionsPinToTheNamedMemberWhileItDrainsButNotWhenItIsOut() throws Exception {
        try (GatewayFixture f = new GatewayFixture(3, a -> a.withSticky(new StickySessions("NS")), s -> s)) {
            HttpResponse<String> first = f.get("/login");
            String cookie = first.headers().firstValue("set-cookie").orElseThrow();
            String member = first.headers().firstValue("x-upstream-id").orElseThrow();
            assertThat(cookie).startsWith("NS=" + member + ";").contains("HttpOnly");
            String cookieHeader = cookie.substring(0, cookie.indexOf(';'));

            for (int i = 0; i < 10; i++) {
                HttpResponse<String> pinned = f.get("/cart", "Cookie", cookieHeader);
                assertThat(pinned.headers().firstValue("x-upstream-id")).hasValue(member);
                assertThat(pinned.headers().firstValue("set-cookie")).isEmpty();
            }
            f.gateway.setMemberState(member, MemberState.DRAINING, null);
            assertThat(f.get("/cart", "Cookie", cookieHeader).headers().firstValue("x-upstream-id"))
                    .hasValue(member);
            assertThat(f.get("/cart").headers().firstValue("x-upstream-id"))
                    .isNotEqualTo(java.util.Optional.of(member));

            f.gateway.setMemberState(member, MemberState.OUT, null);
            HttpResponse<String> moved = f.get("/cart", "Cookie", cookieHeader);
            assertThat(moved.headers().firstValue("x-upstream-id")).isNotEqualTo(java.util.Optional.of(member));
            assertThat(moved.headers().firstValue("set-cookie")).isPresent();
        }
    }

    @Test
    void aDrainingMemberGetsNoNewRequestsAndItsInFlightCountReachesZero() throws Exception {
        try (GatewayFixture f = new GatewayFixture(2)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<HttpResponse<String>>> slow = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    slow.add(pool.submit(() -> f.get("/slow?delay=500")));
                }
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> f.gateway.stats().find("m1").inFlight() > 0);
                long m1Before = f.upstream("m1").requestsReceived();

                f.gateway.setMemberState("m1", MemberState.DRAINING, null);
                Map<String, Integer> after = new HashMap<>();
                for (int i = 0; i < 20; i++) {
                    after.merge(
                            f.get("/fast").headers().firstValue("x-upstream-id").orElseThrow(), 1, Integer::sum);
                }

                assertThat(after).containsOnlyKeys("m2");
                for (Future<HttpResponse<String>> response : slow) {
                    assertThat(response.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
                }
                assertThat(f.gateway.stats().find("m1").inFlight()).isZero();
                assertThat(f.upstream("m1").requestsReceived()).isEqualTo(m1Before);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aSlowMemberGets504AfterTheResponseTimeout() throws Exception {
        try (GatewayFixture f = new GatewayFixture(1, a -> a, s -> s.responseTimeout(Duration.ofMillis(200)))) {
            HttpResponse<String> response = f.get("/slow?delay=3000");

            assertThat(response.statusCode()).isEqualTo(504);
            assertThat(response.body()).contains("member m1 did not respond within 200 ms");
            assertThat(f.gateway.stats().find("m1").snapshot().errors()).isEqualTo(1);
        }
    }

    @Test
    void activeHealthChecksTakeAMemberOutAndBringItBack() throws Exception {
        try (GatewayFixture f = new GatewayFixture(
                2,
                a -> a.withHealthCheck(new HealthCheck("/health", Duration.ofMillis(50), Duration.ofSeconds(1), 2, 1)),
                s -> s)) {
            f.upstream("m1").healthy(false);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !f.gateway.stats().find("m1").healthy());
            for (int i = 0; i < 10; i++) {
                assertThat(f.get("/x").headers().firstValue("x-upstream-id")).hasValue("m2");
            }

            f.upstream("m1").healthy(true);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> f.gateway.stats().find("m1").healthy());
            long toM1 = 0;
            for (int i = 0; i < 10; i++) {
                toM1 += "m1"
                                .equals(f.get("/x")
                                        .headers()
                                        .firstValue("x-upstream-id")
                                        .orElseThrow())
                        ? 1
                        : 0;
            }
            assertThat(toM1).isEqualTo(5);
        }
    }

    @Test
    void aReplacedTableIsInForceForTheNextRequest() throws Exception {
        try (GatewayFixture f = new GatewayFixture(2)) {
            RoutingTable current = f.gateway.tables().current();
            App app = current.apps().get(0);
            RoutingTable onlyM2 = new RoutingTable(
                    current.version() + 1,
                    List.of(new Route(null, "/", "app")),
                    List.of(app.withGroups(List.of(new dev.nonstop.gateway.contract.Group(
                            "g", app.members().filter(m -> m.id().equals("m2")).toList())))));

            f.gateway.tables().replace(onlyM2, OptionalLong.of(current.version()));

            assertThat(f.gateway.versionInForce()).isEqualTo(current.version() + 1);
            for (int i = 0; i < 5; i++) {
                assertThat(f.get("/x").headers().firstValue("x-upstream-id")).hasValue("m2");
            }
        }
    }

    @Test
    void aGracefulStopFinishesTheRequestsInFlightAndRefusesNewConnections() throws Exception {
        GatewayFixture f = new GatewayFixture(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<HttpResponse<String>> slow = pool.submit(() -> f.get("/slow?delay=400"));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> f.gateway.stats().find("m1").inFlight() == 1);

            boolean drained = f.gateway.shutdownGracefully(Duration.ofSeconds(5));

            assertThat(drained).isTrue();
            HttpResponse<String> response = slow.get(5, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("connection")).hasValue("close");
            assertThat(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                                try (java.net.Socket s = new java.net.Socket(
                                        "127.0.0.1", f.gateway.address().getPort())) {
                                    return "connected";
                                } catch (java.io.IOException e) {
                                    return "refused";
                                }
                            })
                            .get(5, TimeUnit.SECONDS))
                    .isEqualTo("refused");
        } finally {
            pool.shutdownNow();
            f.close();
        }
    }

    @Test
    void prometheusExpositionCarriesTheLiveCounters() throws Exception {
        try (GatewayFixture f = new GatewayFixture(1)) {
            f.get("/x");

            assertThat(f.gateway.stats().scrape())
                    .contains("nonstop_gateway_member_in_flight{app=\"app\",member=\"m1\"} 0")
                    .contains("nonstop_gateway_member_requests_total{app=\"app\",member=\"m1\"} 1")
                    .contains("nonstop_gateway_member_latency_seconds_bucket");
        }
    }

    @Test
    void aSecondGatewayCanBindTheSamePortAndTakeOverWhenTheFirstStops() throws Exception {
        try (GatewayFixture f = new GatewayFixture(1)) {
            dev.nonstop.gateway.Gateway successor = dev.nonstop.gateway.Gateway.start(
                    f.gateway.settings().toBuilder().listen(f.gateway.address()).build(),
                    f.gateway.tables().current());
            try {
                assertThat(successor.address()).isEqualTo(f.gateway.address());

                f.gateway.shutdownGracefully(Duration.ofSeconds(5));

                for (int i = 0; i < 20; i++) {
                    assertThat(f.get("/after/" + i).statusCode()).isEqualTo(200);
                }
                assertThat(successor.stats().find("m1").snapshot().requests()).isEqualTo(20);
            } finally {
                successor.shutdownGracefully(Duration.ofSeconds(2));
            }
        }
    }
}
