package dev.nonstop.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.testing.leak.NettyLeakDetectionExtension;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The token check and the connection caps of {@link BearerAuth}, through a control API's real pipeline. */
@ExtendWith(NettyLeakDetectionExtension.class)
class BearerAuthHandlerTest {
    private static final String TOKEN = "test-token-0123456789";
    private static final ErrorResponder ERRORS = (status, code, message) -> {
        byte[] body = ("{\"error\":\"" + message + "\",\"code\":\"" + code + "\"}").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return response;
    };

    private final List<RefusedRequest> refused = new ArrayList<>();
    private final List<String> served = new ArrayList<>();
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void closeChannels() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    private BearerAuth auth(int maxUnauthenticated) {
        return BearerAuth.builder("nonstop-test", TOKEN::equals, ERRORS)
                .maxUnauthenticatedConnections(maxUnauthenticated)
                .onRefused(refused::add)
                .build();
    }

    /** A connection through codec, auth, keep-alive, aggregator (1 MB) and an API that answers 200 with the body. */
    private EmbeddedChannel connection(BearerAuth auth) {
        EmbeddedChannel channel = new EmbeddedChannel(
                new HttpServerCodec(),
                auth.newHandler(),
                new HttpServerKeepAliveHandler(),
                new BoundedBodyAggregator(1024 * 1024, ERRORS),
                new SimpleChannelInboundHandler<FullHttpRequest>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                        served.add(request.method() + " " + request.uri() + " "
                                + request.content().toString(StandardCharsets.UTF_8));
                        ctx.writeAndFlush(ERRORS.error(HttpResponseStatus.OK, "ok", "served"));
                    }
                });
        channels.add(channel);
        return channel;
    }

    private static void send(EmbeddedChannel channel, String text) {
        EmbeddedHttp.send(channel, text);
    }

    private static String head(String method, String path, String token, String... headers) {
        return EmbeddedHttp.head(method, path, token == null ? null : "Bearer " + token, headers);
    }

    private static String output(EmbeddedChannel channel) {
        return EmbeddedHttp.output(channel);
    }

    @Test
    void aRequestWithoutTheTokenIsRefusedOnItsHeadAndItsLargeBodyIsNeverRead() {
        BearerAuth auth = auth(64);
        EmbeddedChannel channel = connection(auth);

        send(channel, head("PUT", "/admin/table", null, "Content-Length: 10000000"));
        send(channel, " ".repeat(64 * 1024));

        String response = output(channel);
        assertThat(response)
                .startsWith("HTTP/1.1 401 Unauthorized")
                .contains("www-authenticate: Bearer realm=\"nonstop-test\"", "connection: close")
                .contains("missing bearer token (expected: Authorization: Bearer <token>)");
        assertThat(served).isEmpty();
        assertThat(channel.config().isAutoRead()).as("reads the body").isFalse();
        assertThat(channel.isOpen())
                .as("lingers so the client can read the 401")
                .isTrue();
        assertThat(auth.lingeringConnections()).isEqualTo(1);
        assertThat(auth.unauthenticatedConnections()).isZero();
        assertThat(refused).singleElement().satisfies(r -> {
            assertThat(r.what()).isEqualTo("PUT /admin/table");
            assertThat(r.reason()).startsWith("missing bearer token");
        });

        channel.advanceTimeBy(10, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isOpen())
                .as("closed at the end of the authentication timeout")
                .isFalse();
        assertThat(auth.lingeringConnections()).isZero();
    }

    @Test
    void aWrongTokenIsNamedInTheChallenge() {
        EmbeddedChannel channel = connection(auth(64));

        send(channel, head("GET", "/admin/version", "wrong"));

        assertThat(output(channel))
                .startsWith("HTTP/1.1 401 ")
                .contains("error=\"invalid_token\"")
                .doesNotContain("connection: close");
        assertThat(refused).singleElement().satisfies(r -> assertThat(r.reason())
                .isEqualTo("invalid token"));
    }

    @Test
    void aSmallRefusedBodyIsThrownAwayAndTheNextRequestOnTheConnectionIsServed() {
        EmbeddedChannel channel = connection(auth(64));

        send(channel, head("POST", "/api/apps", "wrong", "Content-Length: 2") + "{}");
        send(channel, head("POST", "/api/apps", TOKEN, "Content-Length: 4") + "{\"a\"");

        String responses = output(channel);
        assertThat(responses).startsWith("HTTP/1.1 401 ").contains("HTTP/1.1 200 OK");
        assertThat(served).containsExactly("POST /api/apps {\"a\"");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void anAuthenticatedRequestPassesWithItsBody() {
        BearerAuth auth = auth(64);
        EmbeddedChannel channel = connection(auth);
        assertThat(auth.unauthenticatedConnections()).isEqualTo(1);

        send(channel, head("PUT", "/admin/table", TOKEN, "Content-Length: 7") + "{\"x\":1}");

        assertThat(output(channel)).startsWith("HTTP/1.1 200 OK");
        assertThat(served).containsExactly("PUT /admin/table {\"x\":1}");
        assertThat(auth.unauthenticatedConnections()).isZero();
        assertThat(refused).isEmpty();
    }

    @Test
    void beyondTheCapTheOldestUnauthenticatedConnectionIsClosedAndAuthenticatedOnesAreNotCounted() {
        BearerAuth auth = auth(2);
        EmbeddedChannel authenticated = connection(auth);
        send(authenticated, head("GET", "/admin/version", TOKEN));
        output(authenticated);

        EmbeddedChannel oldest = connection(auth);
        EmbeddedChannel second = connection(auth);
        assertThat(oldest.isOpen()).isTrue();
        EmbeddedChannel third = connection(auth);

        assertThat(oldest.isOpen()).isFalse();
        assertThat(second.isOpen()).isTrue();
        assertThat(third.isOpen()).isTrue();
        assertThat(authenticated.isOpen()).isTrue();
        assertThat(auth.unauthenticatedConnections()).isEqualTo(2);
        assertThat(refused).singleElement().satisfies(r -> {
            assertThat(r.what()).isEqualTo("connection");
            assertThat(r.reason()).startsWith("too many unauthenticated connections (expected: at most 2)");
        });
    }

    @Test
    void aConnectionWithoutAnAuthenticatedRequestInTimeGets408AndIsClosedButAnAuthenticatedOneStays() {
        BearerAuth auth = auth(64);
        EmbeddedChannel idle = connection(auth);
        EmbeddedChannel authenticated = connection(auth);
        send(idle, "GET /admin/ver"); // a head that never ends
        send(authenticated, head("GET", "/admin/version", TOKEN));
        output(authenticated);

        idle.advanceTimeBy(10, TimeUnit.SECONDS);
        idle.runScheduledPendingTasks();
        authenticated.advanceTimeBy(10, TimeUnit.SECONDS);
        authenticated.runScheduledPendingTasks();

        assertThat(output(idle)).startsWith("HTTP/1.1 408 ").contains("no authenticated request within 10000 ms");
        assertThat(idle.isOpen()).isFalse();
        assertThat(authenticated.isOpen()).isTrue();
        assertThat(auth.unauthenticatedConnections()).isZero();
    }

    @Test
    void aMalformedHeadGets400NamingTheProblemAndTheConnectionCloses() {
        EmbeddedChannel channel = connection(auth(64));

        send(channel, "POST /" + "a".repeat(10_000) + " HTTP/1.1\r\n\r\n");

        assertThat(output(channel)).startsWith("HTTP/1.1 400 ").contains("malformed HTTP request: ");
        assertThat(channel.isOpen()).isFalse();
        assertThat(refused).singleElement().satisfies(r -> assertThat(r.reason())
                .contains("4096"));
    }

    @Test
    void aTooLargeBodyGetsTheProblem413AlsoWhenItAsksToContinue() {
        for (String expect : List.of("Expect: 100-continue", "X-Nothing: 1")) {
            EmbeddedChannel channel = connection(auth(64));

            send(channel, head("PUT", "/admin/table", TOKEN, "Content-Length: 2000000", expect));

            assertThat(output(channel))
                    .as(expect)
                    .startsWith("HTTP/1.1 413 ")
                    .contains("connection: close")
                    .contains(
                            "{\"error\":\"request body too large (expected: at most 1048576 bytes)\",\"code\":\"too_large\"}");
            assertThat(channel.isOpen()).isFalse();
        }
    }

    @Test
    void anUnsupportedExpectationGetsTheProblem417() {
        EmbeddedChannel channel = connection(auth(64));

        send(channel, head("PUT", "/admin/table", TOKEN, "Content-Length: 2", "Expect: something-else"));

        assertThat(output(channel)).startsWith("HTTP/1.1 417 ").contains("\"code\":\"expectation_failed\"");
        assertThat(served).isEmpty();
    }
}
