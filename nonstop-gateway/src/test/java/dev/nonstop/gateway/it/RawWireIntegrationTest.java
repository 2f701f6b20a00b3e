package dev.nonstop.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.gateway.Gateway;
import dev.nonstop.gateway.GatewaySettings;
import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.Route;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.testing.leak.NettyLeakDetectionExtension;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway's own HTTP/1.1 framing, driven with raw bytes from both ends: what ordinary clients
 * never send (pipelining, chunked uploads with trailers, HTTP/1.0) and what members rarely send
 * (a body that ends when the connection closes).
 */
@Timeout(30)
@ExtendWith(NettyLeakDetectionExtension.class)
class RawWireIntegrationTest {

    private static Socket connect(GatewayFixture f) throws Exception {
        Socket socket = new Socket("127.0.0.1", f.gateway.address().getPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void write(Socket socket, String raw) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads until {@code expected} complete responses with Content-Length bodies are in. */
    private static String readResponses(Socket socket, int expected) throws Exception {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (countComplete(all.toString(StandardCharsets.ISO_8859_1)) < expected) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            all.write(buffer, 0, n);
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    private static int countComplete(String text) {
        int count = 0;
        int at = 0;
        while (true) {
            int headEnd = text.indexOf("\r\n\r\n", at);
            if (headEnd < 0) {
                return count;
            }
            String head = text.substring(at, headEnd).toLowerCase();
            int cl = head.indexOf("content-length:");
            int length = cl < 0
                    ? 0
                    : Integer.parseInt(head.substring(
                                    cl + 15, head.indexOf("\r\n", cl) < 0 ? head.length() : head.indexOf("\r\n", cl))
                            .trim());
            if (text.length() < headEnd + 4 + length) {
                return count;
            }
            count++;
            at = headEnd + 4 + length;
        }
    }

    private static String readToEnd(Socket socket) throws Exception {
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void pipelinedRequestsOnOneConnectionAreAnsweredInOrder() throws Exception {
        try (GatewayFixture f = new GatewayFixture(1);
                Socket socket = connect(f)) {
            write(
                    socket,
                    "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n"
                            + "POST /c HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                            + "GET /d HTTP/1.1\r\nHost: x\r\n\r\n");

            String responses = readResponses(socket, 4);

            assertThat(responses.split("HTTP/1.1 200 OK", -1)).hasSize(5);
            CRC32 crc = new CRC32();
            crc.update("abc".getBytes(StandardCharsets.US_ASCII));
            assertThat(responses.indexOf("m1 /a")).isLessThan(responses.indexOf("m1 /b"));
            assertThat(responses.indexOf("m1 /b"))
                    .isLessThan(responses.indexOf("m1 3 " + String.format("%08x", crc.getValue())));
            assertThat(responses).endsWith("m1 /d\n").doesNotContain("connection: close");
        }
    }

    @Test
    void aChunkedUploadSentInPiecesWithTrailersReachesTheMemberIntact() throws Exception {
        try (GatewayFixture f = new GatewayFixture(1);
                Socket socket = connect(f)) {
            write(socket, "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;name=v\r\nhel");
            write(socket, "lo\r\n");
            write(socket, "6\r\n world\r\n0\r\nX-Checksum: none\r\n\r\n");

            String response = readResponses(socket, 1);

            CRC32 crc = new CRC32();
            crc.update("hello world".getBytes(StandardCharsets.US_ASCII));
            assertThat(response)
                    .startsWith("HTTP/1.1 200 OK")
                    .endsWith("m1 11 " + String.format("%08x", crc.getValue()) + "\n");
        }
    }

    @Test
    void anHttp10ClientGetsAChunkedBodyWithoutItsChunkFramingAndThenTheConnectionCloses() throws Exception {
        try (GatewayFixture f = new GatewayFixture(1);
                Socket socket = connect(f)) {
            write(socket, "GET /chunked?chunks=3&size=4 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");

            String response = readToEnd(socket);

            assertThat(response).startsWith("HTTP/1.0 200 ");
            String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase();
            assertThat(head).doesNotContain("transfer-encoding").doesNotContain("connection: keep-alive");
            assertThat(response.substring(response.indexOf("\r\n\r\n") + 4)).hasSize(12);
        }
    }

    @Test
    void aBodyThatEndsWhenTheMemberClosesReachesTheClientWhichIsThenClosedToo() throws Exception {
        try (ServerSocket member = new ServerSocket(0)) {
            CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
                try (Socket s = member.accept()) {
                    InputStream in = s.getInputStream();
                    ByteArrayOutputStream head = new ByteArrayOutputStream();
                    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                        head.write(in.read());
                    }
                    s.getOutputStream()
                            .write("HTTP/1.1 200 OK\r\nX-Kind: raw\r\n\r\nuntil the "
                                    .getBytes(StandardCharsets.ISO_8859_1));
                    s.getOutputStream().flush();
                    s.getOutputStream().write("end".getBytes(StandardCharsets.ISO_8859_1));
                    return head.toString(StandardCharsets.ISO_8859_1);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Gateway gateway = Gateway.start(
                    GatewaySettings.builder()
                            .listen("127.0.0.1", 0)
                            .eventLoops(1)
                            .build(),
                    new RoutingTable(
                            1,
                            List.of(Route.any("app")),
                            List.of(App.of("app", Member.active("raw", "127.0.0.1", member.getLocalPort())))));
            try (Socket socket = new Socket("127.0.0.1", gateway.address().getPort())) {
                socket.setSoTimeout(10_000);
                write(socket, "GET /x HTTP/1.1\r\nHost: shop.test\r\nX-Forwarded-For: 192.0.2.9\r\n\r\n");

                String response = readToEnd(socket);

                assertThat(response)
                        .startsWith("HTTP/1.1 200 OK\r\n")
                        .contains("X-Kind: raw\r\n")
                        .contains("connection: close\r\n")
                        .endsWith("\r\n\r\nuntil the end");
                assertThat(seen.get().toLowerCase())
                        .startsWith("get /x http/1.1\r\nhost: shop.test\r\n")
                        .contains("x-forwarded-for: 192.0.2.9, 127.0.0.1\r\n")
                        .contains("x-forwarded-host: shop.test\r\n")
                        .contains("via: 1.1 nonstop\r\n");
            } finally {
                gateway.shutdownGracefully(Duration.ofSeconds(1));
            }
        }
    }

    @Test
    void obsoleteLineFoldingFromAClientIsRefused() throws Exception {
        try (GatewayFixture f = new GatewayFixture(1);
                Socket socket = connect(f)) {
            write(socket, "GET / HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\n\r\n");

            assertThat(readToEnd(socket)).startsWith("HTTP/1.1 400 Bad Request").contains("folding");
        }
    }
}
