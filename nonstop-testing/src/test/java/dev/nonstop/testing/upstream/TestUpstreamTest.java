package dev.nonstop.testing.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.testing.leak.NettyLeakDetectionExtension;
import dev.nonstop.testing.upstream.internal.UpstreamEvent;
import dev.nonstop.testing.upstream.internal.UpstreamHandler;
import dev.nonstop.testing.upstream.internal.UpstreamState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NettyLeakDetectionExtension.class)
class TestUpstreamTest {
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final UpstreamState state =
            new UpstreamState("u1", true, new PrintStream(stdout, true, StandardCharsets.UTF_8));
    private final EmbeddedChannel channel =
            new EmbeddedChannel(new HttpServerCodec(), new ChunkedWriteHandler(), new UpstreamHandler(state));

    @AfterEach
    void closeChannel() {
        channel.finishAndReleaseAll();
    }

    @Test
    void getAnswersWithItsIdAndThePath() {
        String response = send("GET /a/b?x=1 HTTP/1.1\r\nHost: h\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(response).containsIgnoringCase("x-upstream-id: u1\r\n");
        assertThat(body(response)).isEqualTo("u1 /a/b\n");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void postAnswersWithTheByteCountAndCrcOfAChunkedBody() {
        String response = send("POST /upload HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");

        assertThat(body(response)).isEqualTo("u1 11 " + crc("hello world") + "\n");
    }

    @Test
    void putAnswersWithTheByteCountAndCrcOfAContentLengthBody() {
        String response = send("PUT /x HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc");

        assertThat(body(response)).isEqualTo("u1 3 " + crc("abc") + "\n");
    }

    @Test
    void delayedResponseIsSentOnlyAfterTheDelay() {
        channel.freezeTime();
        assertThat(send("GET /slow?delay=100 HTTP/1.1\r\nHost: h\r\n\r\n")).isEmpty();

        channel.advanceTimeBy(99, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(outbound()).isEmpty();

        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(body(outbound())).isEqualTo("u1 /slow\n");
    }

    @Test
    void pipelinedResponsesComeInRequestOrderEvenWhenTheFirstIsDelayed() {
        channel.freezeTime();
        String sent = send("GET /first?delay=50 HTTP/1.1\r\nHost: h\r\n\r\n"
                + "GET /second HTTP/1.1\r\nHost: h\r\n\r\n"
                + "POST /third HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nok");
        assertThat(sent).isEmpty();

        channel.advanceTimeBy(50, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        String responses = outbound();

        assertThat(responses.indexOf("u1 /first\n")).isNotNegative();
        assertThat(responses.indexOf("u1 /first\n")).isLessThan(responses.indexOf("u1 /second\n"));
        assertThat(responses.indexOf("u1 /second\n")).isLessThan(responses.indexOf("u1 2 "));
        assertThat(state.requests()).isEqualTo(3);
    }

    @Test
    void requestIdIsPrintedBeforeTheResponse() {
        channel.freezeTime();
        send("GET /x?delay=10 HTTP/1.1\r\nHost: h\r\nX-Request-Id: load-7\r\n\r\n");

        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo("RECV load-7" + System.lineSeparator());
        assertThat(outbound()).isEmpty();
    }

    @Test
    void chunkedEndpointSendsTheRequestedChunks() {
        String response = send("GET /chunked?chunks=3&size=4 HTTP/1.1\r\nHost: h\r\n\r\n");

        assertThat(response).containsIgnoringCase("transfer-encoding: chunked");
        assertThat(body(response)).isEqualTo("4\r\nabcd\r\n4\r\nabcd\r\n4\r\nabcd\r\n0\r\n\r\n");
    }

    @Test
    void eventStreamSendsEventsApartThenEnds() {
        channel.freezeTime();
        String first = send("GET /sse?events=2&intervalMs=20 HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(first)
                .containsIgnoringCase("content-type: text/event-stream")
                .contains("data: u1 1\n\n");
        assertThat(first).doesNotContain("data: u1 2");

        channel.advanceTimeBy(20, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThat(outbound()).contains("data: u1 2\n\n").endsWith("0\r\n\r\n");
    }

    @Test
    void endlessEventStreamEndsWhenTheUpstreamStops() {
        String first = send("GET /sse?events=0&intervalMs=1000 HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(first).contains("data: u1 1\n\n");

        state.startStopping();
        channel.pipeline().fireUserEventTriggered(UpstreamEvent.DRAIN);

        assertThat(outbound()).endsWith("0\r\n\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void healthCanBeSwitchedDownAndUp() {
        assertThat(send("GET /health HTTP/1.1\r\nHost: h\r\n\r\n")).startsWith("HTTP/1.1 200 ");
        assertThat(send("POST /control/health?up=false HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n"))
                .startsWith("HTTP/1.1 200 ");
        String down = send("GET /health HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(down).startsWith("HTTP/1.1 503 ");
        assertThat(body(down)).isEqualTo("DOWN\n");
        send("POST /control/health?up=true HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n");
        assertThat(body(send("GET /health HTTP/1.1\r\nHost: h\r\n\r\n"))).isEqualTo("UP\n");
    }

    @Test
    void statusEndpointAnswersWithThatStatus() {
        assertThat(send("GET /status/503 HTTP/1.1\r\nHost: h\r\n\r\n")).startsWith("HTTP/1.1 503 ");
        assertThat(send("GET /status/204 HTTP/1.1\r\nHost: h\r\n\r\n")).startsWith("HTTP/1.1 204 ");
        String bad = send("GET /status/99 HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(bad).startsWith("HTTP/1.1 400 ");
        assertThat(body(bad)).isEqualTo("status: '99' (expected: 200..599)\n");
    }

    @Test
    void badDelayIsRejectedWithTheReason() {
        String response = send("GET /x?delay=soon HTTP/1.1\r\nHost: h\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400 ");
        assertThat(body(response)).isEqualTo("delay: 'soon' (expected: 0..600000)\n");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void closeEndpointAnswersThenClosesTheConnection() {
        String response = send("GET /close HTTP/1.1\r\nHost: h\r\n\r\nGET /never HTTP/1.1\r\nHost: h\r\n\r\n");

        assertThat(response).containsIgnoringCase("connection: close").doesNotContain("/never");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void benchAnswersWithTheFixedBody() {
        String response = send("GET /bench HTTP/1.1\r\nHost: h\r\n\r\nGET /bench HTTP/1.1\r\nHost: h\r\n\r\n");

        assertThat(response.split("Hello, World!", -1)).hasSize(3);
        assertThat(response).containsIgnoringCase("content-length: 13");
    }

    @Test
    void http10RequestWithoutKeepAliveIsAnsweredThenClosed() {
        String response = send("GET /x HTTP/1.0\r\n\r\n");

        assertThat(body(response)).isEqualTo("u1 /x\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void malformedRequestGets400AndTheConnectionCloses() {
        String response = send("GET /x HTTP/1.1\r\nHost: h\r\nContent-Length: nope\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400 ");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void stoppingAnswersTheRequestInProgressWithConnectionClose() {
        channel.freezeTime();
        send("GET /x?delay=10 HTTP/1.1\r\nHost: h\r\n\r\n");
        state.startStopping();
        channel.pipeline().fireUserEventTriggered(UpstreamEvent.DRAIN);
        assertThat(channel.isOpen()).isTrue();

        channel.advanceTimeBy(10, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThat(outbound()).containsIgnoringCase("connection: close");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void stoppingClosesAnIdleConnection() {
        send("GET /x HTTP/1.1\r\nHost: h\r\n\r\n");

        state.startStopping();
        channel.pipeline().fireUserEventTriggered(UpstreamEvent.DRAIN);

        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void optionsRejectBadValuesNamingThem() {
        assertThatThrownBy(() -> TestUpstreamOptions.builder().port(70000))
                .hasMessage("port: 70000 (expected: 0..65535)");
        assertThatThrownBy(() -> TestUpstreamOptions.builder().threads(0)).hasMessage("threads: 0 (expected: 1..256)");
        assertThatThrownBy(() -> TestUpstreamOptions.builder().id("a b"))
                .hasMessage("id: 'a b' (expected: visible ASCII, no spaces)");
    }

    @Test
    void commandLineIsParsedIntoOptions() {
        TestUpstreamOptions options = TestUpstreamCommand.parse(
                new String[] {"--port", "8081", "--id", "blue-1", "--threads", "2", "--host", "127.0.0.1", "--quiet"});

        assertThat(options.port()).isEqualTo(8081);
        assertThat(options.id()).isEqualTo("blue-1");
        assertThat(options.threads()).isEqualTo(2);
        assertThat(options.printRequestIds()).isFalse();
        assertThatThrownBy(() -> TestUpstreamCommand.parse(new String[] {"--port"}))
                .hasMessage("--port: missing value");
    }

    private String send(String request) {
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
        return outbound();
    }

    private String outbound() {
        StringBuilder text = new StringBuilder();
        for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
            text.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return text.toString();
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    private static String crc(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.US_ASCII));
        return String.format("%08x", crc.getValue());
    }
}
