package dev.nonstop.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nonstop.gateway.GatewaySettings;
import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.MemberState;
import dev.nonstop.gateway.contract.Route;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.gateway.contract.StickySessions;
import dev.nonstop.gateway.stats.GatewayStats;
import dev.nonstop.testing.leak.NettyLeakDetectionExtension;
import io.netty.channel.epoll.Epoll;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The race every keep-alive proxy has: the member closes an idle pooled connection (an idle timeout,
 * a stop) after the gateway's event loop last looked, and a request arrives before the loop sees the
 * close. The test stages it exactly: it holds the gateway's only event loop, lets the next request
 * arrive, has the member close the pooled connection, waits until the kernel shows the close on the
 * gateway's socket, and only then lets the loop run, which reads the request before the close.
 */
@Timeout(30)
@ExtendWith(NettyLeakDetectionExtension.class)
class PooledConnectionCloseRaceIntegrationTest {

    private ClosingMember member;
    private ClosingMember other;
    private ProxyServer proxy;
    private GatewayStats stats;
    private boolean memberDiesAfterTheClose;

    @BeforeEach
    void start() throws IOException {
        assertThat(Epoll.isAvailable())
                .as("this test stages a race on Linux's epoll and reads /proc/net")
                .isTrue();
        member = new ClosingMember();
        other = new ClosingMember();
        stats = new GatewayStats();
        // m2 is on standby: every request goes to m1, and no other member is there to move to.
        proxy = ProxyServer.start(
                GatewaySettings.builder().listen("127.0.0.1", 0).eventLoops(1).build(),
                stats,
                table(1, MemberState.ACTIVE, MemberState.STANDBY));
    }

    private RoutingTable table(long version, MemberState m1, MemberState m2) {
        App app = App.of(
                        "app",
                        new Member("m1", "127.0.0.1", member.port(), Member.DEFAULT_WEIGHT, m1),
                        new Member("m2", "127.0.0.1", other.port(), Member.DEFAULT_WEIGHT, m2))
                .withSticky(new StickySessions("NS"));
        return new RoutingTable(version, List.of(Route.any("app")), List.of(app));
    }

    @AfterEach
    void stop() throws IOException {
        proxy.shutdownGracefully(Duration.ofSeconds(2));
        member.close();
        other.close();
    }

    @Test
    void aGetWrittenToAConnectionTheMemberJustClosedIsSentAgainOnAFreshConnection() throws Exception {
        raceAgainstClose("GET /x HTTP/1.1\r\nHost: app\r\n\r\n", false);

        // The GET skipped the probe, met the closed socket and was sent again: one retry.
        assertThat(member.connections).hasSize(2);
        assertThat(stats.member("m1", "app").snapshot().retries()).isEqualTo(1);
    }

    @Test
    void aGetWhoseMemberWentAwayWithItsConnectionMovesToAnotherMember() throws Exception {
        proxy.install(table(2, MemberState.ACTIVE, MemberState.ACTIVE));

        String response = raceAgainstClose("GET /x HTTP/1.1\r\nHost: app\r\nCookie: NS=m1\r\n\r\n", true);

        // Sent again to m1, which refused the new connection, so it went to m2 (and the session too).
        assertThat(response).contains("NS=m2");
        assertThat(other.connections).hasSize(1);
    }

    @Test
    void aGetWhoseMemberAlsoResetsTheNewConnectionMovesToAnotherMember() throws Exception {
        proxy.install(table(2, MemberState.ACTIVE, MemberState.ACTIVE));
        memberDiesAfterTheClose = true;

        String response = raceAgainstClose("GET /x HTTP/1.1\r\nHost: app\r\nCookie: NS=m1\r\n\r\n", false);

        // A dying member: the pooled connection closed under the GET, the new one was accepted from
        // the listen backlog and reset after the head arrived. Idempotent, so it goes on to m2.
        assertThat(member.connections).hasSize(2);
        assertThat(response).contains("NS=m2");
        assertThat(other.connections).hasSize(1);
    }

    @Test
    void aPinnedGetToADrainingMemberWhoseConnectionItJustClosedStaysWithThatMember() throws Exception {
        proxy.install(table(2, MemberState.DRAINING, MemberState.ACTIVE));

        String response = raceAgainstClose("GET /x HTTP/1.1\r\nHost: app\r\nCookie: NS=m1\r\n\r\n", false);

        // Sent again to m1 on a new connection, not moved to the active m2 with a new cookie.
        assertThat(member.connections).hasSize(2);
        assertThat(response.toLowerCase(Locale.ROOT)).doesNotContain("set-cookie");
        assertThat(other.connections).isEmpty();
    }

    @Test
    void aPostIsNeverWrittenToAConnectionTheMemberJustClosed() throws Exception {
        raceAgainstClose("POST /x HTTP/1.1\r\nHost: app\r\nContent-Length: 0\r\n\r\n", false);

        // The probe found the close before anything was written: no retry was needed.
        assertThat(member.connections).hasSize(2);
        assertThat(stats.member("m1", "app").snapshot().retries()).isZero();
    }

    @Test
    void aRequestWithABodyIsNeverWrittenToAConnectionTheMemberJustClosed() throws Exception {
        raceAgainstClose("PUT /x HTTP/1.1\r\nHost: app\r\nContent-Length: 5\r\n\r\nhello", false);

        // PUT is idempotent, but its body would not be sent again: probed like a POST.
        assertThat(stats.member("m1", "app").snapshot().retries()).isZero();
        assertThat(member.bodies).containsExactly("hello", "hello");
    }

    /**
     * Returns the second response, the one to the request that met the closed connection; with
     * {@code memberGoesAway} the member stops listening too.
     */
    private String raceAgainstClose(String request, boolean memberGoesAway) throws Exception {
        try (Socket client = new Socket("127.0.0.1", proxy.address().getPort())) {
            client.setSoTimeout(10_000);
            send(client, request);
            assertThat(readResponse(client)).startsWith("HTTP/1.1 200");
            await().atMost(Duration.ofSeconds(5)).until(() -> member.connections.size() == 1);
            Socket pooled = member.connections.get(0);

            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            proxy.workers().next().execute(() -> {
                held.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
            try {
                send(client, request);
                int gatewayPort = proxy.address().getPort();
                await().atMost(Duration.ofSeconds(5)).until(() -> receiveQueue(gatewayPort, client.getLocalPort()) > 0);
                if (memberGoesAway) {
                    member.close();
                } else {
                    member.resetsNewRequests = memberDiesAfterTheClose;
                    pooled.close();
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> closeWaitSeen(pooled.getPort(), member.port()));
            } finally {
                release.countDown();
            }

            String response = readResponse(client);
            assertThat(response).startsWith("HTTP/1.1 200").endsWith("ok");
            return response;
        }
    }

    private static void send(Socket socket, String raw) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads one response with a two-byte body. */
    private static String readResponse(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        while (true) {
            String text = all.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end >= 0 && text.length() >= end + 4 + 2) {
                return text;
            }
            int b = in.read();
            if (b < 0) {
                return text;
            }
            all.write(b);
        }
    }

    /** Bytes waiting in the receive queue of the loopback socket {@code localPort -> remotePort}. */
    private static long receiveQueue(int localPort, int remotePort) throws IOException {
        for (String[] row : tcpTable()) {
            if (port(row[1]) == localPort && port(row[2]) == remotePort) {
                return Long.parseLong(row[4].substring(row[4].indexOf(':') + 1), 16);
            }
        }
        return 0;
    }

    /** Whether the socket {@code localPort -> remotePort} has received the peer's FIN (CLOSE_WAIT). */
    private static boolean closeWaitSeen(int localPort, int remotePort) throws IOException {
        for (String[] row : tcpTable()) {
            if (port(row[1]) == localPort && port(row[2]) == remotePort) {
                return row[3].equals("08");
            }
        }
        return false;
    }

    /** The kernel's TCP sockets; Netty opens dual-stack sockets, which the tcp6 table lists. */
    private static List<String[]> tcpTable() throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            if (!Files.exists(Path.of(table))) {
                continue; // no tcp6 on a kernel without IPv6
            }
            Files.readAllLines(Path.of(table)).stream()
                    .skip(1)
                    .map(line -> line.trim().split("\\s+"))
                    .forEach(rows::add);
        }
        return rows;
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.indexOf(':') + 1).toUpperCase(Locale.ROOT), 16);
    }

    /** A member that answers every request with "ok" on a keep-alive connection the test can close. */
    private static final class ClosingMember implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        final List<Socket> connections = new CopyOnWriteArrayList<>();
        final List<String> bodies = new CopyOnWriteArrayList<>();
        /** Reads each further request head and resets the connection without an answer, like a dying process. */
        volatile boolean resetsNewRequests;

        private final Thread acceptor = Thread.ofPlatform().daemon().start(this::accept);

        ClosingMember() throws IOException {}

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    connections.add(socket);
                    Thread.ofPlatform().daemon().start(() -> serve(socket));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void serve(Socket socket) {
            try (socket) {
                InputStream in = socket.getInputStream();
                while (true) {
                    String head = readHead(in);
                    if (head == null) {
                        return;
                    }
                    if (resetsNewRequests) {
                        socket.setSoLinger(true, 0);
                        return;
                    }
                    int length = contentLength(head);
                    if (length > 0) {
                        bodies.add(new String(in.readNBytes(length), StandardCharsets.ISO_8859_1));
                    }
                    OutputStream out = socket.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
            } catch (IOException closed) {
                // the test closed the socket
            }
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                head.write(b);
                String text = head.toString(StandardCharsets.ISO_8859_1);
                if (text.endsWith("\r\n\r\n")) {
                    return text;
                }
            }
        }

        private static int contentLength(String head) {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    return Integer.parseInt(line.substring(15).trim());
                }
            }
            return 0;
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : connections) {
                socket.close();
            }
        }
    }
}
