package dev.nonstop.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.gateway.GatewaySettings;
import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.MemberState;
import dev.nonstop.gateway.contract.Route;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.gateway.stats.GatewayStats;
import dev.nonstop.testing.leak.NettyLeakDetectionExtension;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the gateway answers by itself, on an {@link EmbeddedChannel} carrying the real client
 * pipeline: refused framing, limits, slow clients, unknown routes. No member is ever contacted.
 */
@ExtendWith(NettyLeakDetectionExtension.class)
class FrontendRefusalTest {
    private static EventLoopGroup group;

    @BeforeAll
    static void startGroup() {
        group = Transport.NIO.newGroup(1, "test");
    }

    @AfterAll
    static void stopGroup() {
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    private static EmbeddedChannel client(GatewaySettings settings, RoutingTable table) {
        GatewayStats stats = new GatewayStats();
        ProxyContext context = new ProxyContext(settings, stats, Transport.NIO, group);
        context.table(CompiledTable.compile(table, stats));
        return new EmbeddedChannel(new ClientChannelInitializer(context));
    }

    private static EmbeddedChannel client() {
        return client(
                GatewaySettings.builder()
                        .maxUriLength(256)
                        .maxHeaderSize(1024)
                        .maxBodySize(1000)
                        .headerReadTimeout(Duration.ofSeconds(10))
                        .build(),
                new RoutingTable(
                        1,
                        List.of(new Route("shop.test", "/", "shop"), new Route("down.test", "/", "down")),
                        List.of(
                                App.of("shop", Member.active("shop-1", "127.0.0.1", 1)),
                                App.of(
                                        "down",
                                        Member.active("down-1", "127.0.0.1", 2).withState(MemberState.OUT)))));
    }

    private static String send(EmbeddedChannel channel, String raw) {
        channel.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
        return written(channel);
    }

    private static String written(EmbeddedChannel channel) {
        StringBuilder out = new StringBuilder();
        Object msg;
        while ((msg = channel.readOutbound()) != null) {
            ByteBuf buf = (ByteBuf) msg;
            out.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return out.toString();
    }

    @Test
    void contentLengthTogetherWithTransferEncodingIsRefusedAndTheConnectionClosed() {
        EmbeddedChannel channel = client();
        String response = send(
                channel,
                "POST / HTTP/1.1\r\nHost: shop.test\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400 Bad Request").contains("connection: close");
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void duplicateContentLengthIsRefused() {
        EmbeddedChannel channel = client();
        String response = send(
                channel, "POST / HTTP/1.1\r\nHost: shop.test\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcd");

        assertThat(response).startsWith("HTTP/1.1 400 Bad Request");
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void aTransferEncodingOtherThanChunkedIsRefused() {
        EmbeddedChannel channel = client();
        String response = send(
                channel, "POST / HTTP/1.1\r\nHost: shop.test\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400 Bad Request").contains("Transfer-Encoding");
    }

    @Test
    void oversizedHeadersGet431() {
        EmbeddedChannel channel = client();
        String response = send(channel, "GET / HTTP/1.1\r\nHost: shop.test\r\nX-Big: " + "x".repeat(2000) + "\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 431 Request Header Fields Too Large");
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void anOverlongUriGets414() {
        EmbeddedChannel channel = client();
        String response = send(channel, "GET /" + "a".repeat(400) + " HTTP/1.1\r\nHost: shop.test\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 414 ");
    }

    @Test
    void aDeclaredBodyOverTheLimitGets413BeforeAnythingIsSent() {
        EmbeddedChannel channel = client();
        String response = send(channel, "POST / HTTP/1.1\r\nHost: shop.test\r\nContent-Length: 5000\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 413 Request Entity Too Large");
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void aRequestWithoutHostIsRefused() {
        EmbeddedChannel channel = client();

        assertThat(send(channel, "GET / HTTP/1.1\r\n\r\n"))
                .startsWith("HTTP/1.1 400 Bad Request")
                .contains("Host");
    }

    @Test
    void anUnroutedRequestGets404AndTheConnectionStaysUsableForPipelinedRequests() {
        EmbeddedChannel channel = client();
        String response = send(
                channel, "GET /a HTTP/1.1\r\nHost: nowhere.test\r\n\r\nGET /b HTTP/1.1\r\nHost: nowhere.test\r\n\r\n");

        assertThat(response.split("HTTP/1.1 404 Not Found", -1)).hasSize(3);
        assertThat(response).doesNotContain("connection: close");
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void anAppWithNoMemberInRotationGets503() {
        EmbeddedChannel channel = client();

        assertThat(send(channel, "GET / HTTP/1.1\r\nHost: down.test\r\n\r\n"))
                .startsWith("HTTP/1.1 503 Service Unavailable")
                .contains("no available member for app down");
    }

    @Test
    void aClientSendingItsHeadersTooSlowlyGets408AndIsClosed() {
        EmbeddedChannel channel = client();
        assertThat(send(channel, "GET / HTTP/1.1\r\nHost: sh")).isEmpty();

        channel.advanceTimeBy(9, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(send(channel, "op.te")).isEmpty();
        channel.advanceTimeBy(2, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();

        assertThat(written(channel)).startsWith("HTTP/1.1 408 Request Timeout");
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void gatewayAnswersCarryViaAndNameTheCause() {
        EmbeddedChannel channel = client();

        assertThat(send(channel, "GET / HTTP/1.1\r\nHost: nowhere.test\r\n\r\n"))
                .contains("via: 1.1 nonstop")
                .contains("no route for this host and path");
    }
}
