package dev.nonstop.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.nonstop.gateway.Gateway;
import dev.nonstop.gateway.GatewaySettings;
import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.Route;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.testing.leak.NettyLeakDetectionExtension;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * The gateway forwards exactly what it routed (issue 10, finding 6): raw requests in, and the bytes
 * a {@link RecordingMember} received out. Absolute-form targets reach the member of the URI's host
 * in origin form with that host; HTTP/1.0 requests without Host get one; a malformed chunk size is
 * answered 400 before anything is forwarded, or, when the head already went, closes the member
 * connection with the reason logged.
 */
@Timeout(30)
@ExtendWith(NettyLeakDetectionExtension.class)
class ForwardedFramingIntegrationTest {
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private RecordingMember member() throws Exception {
        RecordingMember member = new RecordingMember();
        open.add(member);
        return member;
    }

    private Gateway gateway(List<Route> routes, List<App> apps) {
        // One event loop: one upstream pool, so a second client connection reuses the first's.
        Gateway gateway = Gateway.start(
                GatewaySettings.builder().listen("127.0.0.1", 0).eventLoops(1).build(),
                new RoutingTable(1, routes, apps));
        open.add(() -> gateway.shutdownGracefully(Duration.ofSeconds(1)));
        return gateway;
    }

    private Gateway catchAll(RecordingMember member) {
        return gateway(
                List.of(Route.any("app")), List.of(App.of("app", Member.active("m", "127.0.0.1", member.port()))));
    }

    private Socket connect(Gateway gateway) throws Exception {
        Socket socket = new Socket("127.0.0.1", gateway.address().getPort());
        socket.setSoTimeout(10_000);
        open.add(socket);
        return socket;
    }

    private static void write(Socket socket, String raw) throws Exception {
        socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** Reads one response with a Content-Length body (the connection may stay open). */
    private static String readResponse(Socket socket) throws Exception {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        while (true) {
            String text = all.toString(StandardCharsets.ISO_8859_1);
            int headEnd = text.indexOf("\r\n\r\n");
            if (headEnd >= 0) {
                String head = text.substring(0, headEnd).toLowerCase(Locale.ROOT);
                int at = head.indexOf("content-length:");
                int lineEnd = head.indexOf("\r\n", at);
                int length = Integer.parseInt(head.substring(at + 15, lineEnd < 0 ? head.length() : lineEnd)
                        .trim());
                if (text.length() >= headEnd + 4 + length) {
                    return text;
                }
            }
            int b = in.read();
            if (b < 0) {
                return text;
            }
            all.write(b);
        }
    }

    private static String readToEnd(Socket socket) throws Exception {
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    private static String exchange(Socket socket, String raw) throws Exception {
        write(socket, raw);
        return readResponse(socket);
    }

    // ------------------------------------------------------------------ absolute form

    private Gateway twoSites(RecordingMember internal, RecordingMember publicSite) {
        return gateway(
                List.of(new Route("internal.example", "/", "internal"), new Route("public.example", "/", "public")),
                List.of(
                        App.of("internal", Member.active("internal-1", "127.0.0.1", internal.port())),
                        App.of("public", Member.active("public-1", "127.0.0.1", publicSite.port()))));
    }

    @Test
    void anAbsoluteFormRequestReachesTheMemberOfItsUriInOriginFormWithTheUrisHost() throws Exception {
        RecordingMember internal = member();
        RecordingMember publicSite = member();
        Gateway gateway = twoSites(internal, publicSite);

        String response = exchange(
                connect(gateway),
                "GET http://internal.example/x?y=1 HTTP/1.1\r\nHost: public.example\r\nAccept: */*\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 OK");
        assertThat(internal.received())
                .startsWith("GET /x?y=1 HTTP/1.1\r\nhost: internal.example\r\nAccept: */*\r\n")
                .contains("x-forwarded-host: internal.example\r\n")
                .doesNotContain("public.example");
        assertThat(publicSite.connections()).isEmpty();
    }

    @Test
    void anAbsoluteFormWithAPortAndNoPathIsForwardedAsSlashWithThePortInHost() throws Exception {
        RecordingMember internal = member();
        Gateway gateway = twoSites(internal, member());

        String response = exchange(
                connect(gateway),
                "GET http://Internal.Example:8080?q=1 HTTP/1.1\r\nHost: internal.example:8080\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 OK");
        assertThat(internal.received())
                .startsWith("GET /?q=1 HTTP/1.1\r\nhost: Internal.Example:8080\r\n")
                .doesNotContain("Host: internal.example:8080");
    }

    @Test
    void anHttpsAbsoluteFormIsRoutedAndRewrittenLikeAnHttpOne() throws Exception {
        RecordingMember internal = member();
        Gateway gateway = twoSites(internal, member());

        String response =
                exchange(connect(gateway), "GET HTTPS://internal.example/s HTTP/1.1\r\nHost: public.example\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 OK");
        // The connection to the gateway was plain HTTP, whatever the URI says.
        assertThat(internal.received())
                .startsWith("GET /s HTTP/1.1\r\nhost: internal.example\r\n")
                .contains("x-forwarded-proto: http\r\n");
    }

    @Test
    void anOptionsRequestForAWholeServerInAbsoluteFormIsForwardedWithAnAsterisk() throws Exception {
        RecordingMember member = member();
        Gateway gateway = catchAll(member);

        String response = exchange(connect(gateway), "OPTIONS http://a.example HTTP/1.1\r\nHost: a.example\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 OK");
        assertThat(member.received()).startsWith("OPTIONS * HTTP/1.1\r\nhost: a.example\r\n");
    }

    @Test
    void anOptionsRequestInAsteriskFormIsForwardedAsReceived() throws Exception {
        RecordingMember member = member();
        Gateway gateway = catchAll(member);

        String response = exchange(connect(gateway), "OPTIONS * HTTP/1.1\r\nHost: a.example\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 OK");
        assertThat(member.received()).startsWith("OPTIONS * HTTP/1.1\r\nHost: a.example\r\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "absolute form with userinfo | GET http://user:pw@a.example/x HTTP/1.1\\r\\nHost: a.example | userinfo",
                "absolute form with userinfo and no password | GET http://user@a.example/x HTTP/1.1\\r\\nHost: a.example | userinfo",
                "absolute form with an empty host | GET http:///x HTTP/1.1\\r\\nHost: a.example | empty host",
                "absolute form with another scheme | GET ftp://a.example/x HTTP/1.1\\r\\nHost: a.example | absolute path",
                "asterisk form for GET | GET * HTTP/1.1\\r\\nHost: a.example | OPTIONS only",
                "authority form for GET | GET a.example:80 HTTP/1.1\\r\\nHost: a.example | absolute path",
                "a Host header with userinfo | GET /x HTTP/1.1\\r\\nHost: user@a.example | Host header",
                "a Host header with a path | GET /x HTTP/1.1\\r\\nHost: a.example/x | Host header",
                "a Host header with a bad port | GET /x HTTP/1.1\\r\\nHost: a.example:80x | Host header",
                "HTTP/1.1 without Host | GET /x HTTP/1.1 | missing Host",
                "HTTP/1.1 absolute form without Host | GET http://a.example/x HTTP/1.1 | missing Host",
            })
    void anAmbiguousTargetOrHostIsRefusedWith400AndNothingReachesAMember(String name, String head, String why)
            throws Exception {
        RecordingMember member = member();
        Gateway gateway = catchAll(member);
        Socket socket = connect(gateway);

        write(socket, head.replace("\\r\\n", "\r\n") + "\r\n\r\n");

        assertThat(readToEnd(socket)).startsWith("HTTP/1.1 400 Bad Request").contains(why);
        assertThat(member.connections()).isEmpty();
    }

    // ------------------------------------------------------------------ HTTP/1.0 without Host

    @Test
    void anHttp10RequestWithoutHostIsForwardedWithTheHostOfTheOnlySiteTheRoutesName() throws Exception {
        RecordingMember member = member();
        Gateway gateway = gateway(
                List.of(new Route("shop.example", "/", "shop")),
                List.of(App.of("shop", Member.active("shop-1", "127.0.0.1", member.port()))));

        String response = exchange(connect(gateway), "GET /p HTTP/1.0\r\nAccept: */*\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.0 200 OK");
        assertThat(member.received())
                .startsWith("GET /p HTTP/1.1\r\nhost: shop.example\r\nAccept: */*\r\n")
                .contains("x-forwarded-host: shop.example\r\n");
    }

    @Test
    void anHttp10RequestWithoutHostOnTheDefaultRouteIsForwardedWithTheAddressTheClientReached() throws Exception {
        RecordingMember member = member();
        Gateway gateway = gateway(
                List.of(
                        new Route("shop.example", "/", "shop"),
                        new Route("api.example", "/", "shop"),
                        Route.any("shop")),
                List.of(App.of("shop", Member.active("shop-1", "127.0.0.1", member.port()))));

        String response = exchange(connect(gateway), "GET /p HTTP/1.0\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.0 200 OK");
        assertThat(member.received())
                .startsWith("GET /p HTTP/1.1\r\nhost: 127.0.0.1:"
                        + gateway.address().getPort() + "\r\n");
    }

    // ------------------------------------------------------------------ chunk sizes

    @ParameterizedTest(name = "chunk size {0}")
    @ValueSource(strings = {"ffffffffffffffff", "10000000000000000", "-5", "0x5", "+5", "5 x"})
    void aMalformedChunkSizeThatCameWithTheHeadIsAnswered400BeforeAnythingIsForwarded(String size) throws Exception {
        RecordingMember member = member();
        Gateway gateway = catchAll(member);
        // A pooled connection to the member, so a forwarded head would reach it at once.
        assertThat(exchange(connect(gateway), "GET /warm HTTP/1.1\r\nHost: a.example\r\n\r\n"))
                .startsWith("HTTP/1.1 200 OK");
        Socket socket = connect(gateway);

        write(
                socket,
                "POST /upload HTTP/1.1\r\nHost: a.example\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n" + size
                        + "\r\nhello\r\n0\r\n\r\n");

        assertThat(readToEnd(socket))
                .startsWith("HTTP/1.1 400 Bad Request")
                .contains("connection: close")
                .contains("malformed chunked body");
        assertThat(member.received()).contains("GET /warm").doesNotContain("POST");
    }

    @Test
    void aMalformedChunkSizeAfterTheHeadWentClosesTheMemberConnectionAnswers400AndLogsTheReason() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger("dev.nonstop.gateway");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        open.add(() -> log.detachAppender(logged));
        RecordingMember member = member();
        Gateway gateway = catchAll(member);
        Socket socket = connect(gateway);

        write(socket, "POST /upload HTTP/1.1\r\nHost: a.example\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> member.received().endsWith("3\r\nabc\r\n"));
        write(socket, "-5\r\nhello\r\n0\r\n\r\n");

        assertThat(readToEnd(socket))
                .startsWith("HTTP/1.1 400 Bad Request")
                .contains("connection: close")
                .contains("malformed chunked body: invalid chunk size");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> member.connections().get(0).closedByGateway());
        assertThat(member.received()).doesNotContain("hello");
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).anySatisfy(line -> assertThat(line)
                .contains("POST /upload")
                .contains("member m")
                .contains("invalid chunk size")
                .contains("member connection closed"));
    }

    @Test
    void aMalformedChunkSizeAfterTheResponseStartedClosesBothConnections() throws Exception {
        RecordingMember member =
                new RecordingMember("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nok\r\n");
        open.add(member);
        Gateway gateway = catchAll(member);
        Socket socket = connect(gateway);

        write(socket, "POST /upload HTTP/1.1\r\nHost: a.example\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        while (!response.toString(StandardCharsets.ISO_8859_1).endsWith("2\r\nok\r\n")) {
            response.write(in.read());
        }
        write(socket, "0x5\r\nhello\r\n0\r\n\r\n");

        // The client sees the response cut off (no last chunk), not a 400 after it.
        assertThat(readToEnd(socket)).isEmpty();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> member.connections().get(0).closedByGateway());
        assertThat(member.received()).endsWith("3\r\nabc\r\n");
    }

    @Test
    void aChunkSizeWithSixteenDigitsOfLeadingZerosAndExtensionsIsForwardedByteForByte() throws Exception {
        RecordingMember member = member();
        Gateway gateway = catchAll(member);
        Socket socket = connect(gateway);
        String body = "0000000000000005;name=\"v w\"\r\nhello\r\n0\r\nX-Sum: 1\r\n\r\n";

        write(socket, "POST /upload HTTP/1.1\r\nHost: a.example\r\nTransfer-Encoding: chunked\r\n\r\n" + body);

        await().atMost(Duration.ofSeconds(10)).until(() -> member.received().endsWith("\r\n\r\n" + body));
    }
}
