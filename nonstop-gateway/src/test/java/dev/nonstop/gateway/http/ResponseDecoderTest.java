package dev.nonstop.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.testing.leak.NettyLeakDetectionExtension;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NettyLeakDetectionExtension.class)
class ResponseDecoderTest {
    private final ResponseDecoder decoder = new ResponseDecoder();
    private final EmbeddedChannel channel = new EmbeddedChannel(decoder);

    @AfterEach
    void releaseWhatIsLeft() {
        channel.finishAndReleaseAll();
    }

    private void send(String raw) {
        channel.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
    }

    /** Heads as "HEAD <code>", body parts as "[wire bytes]" ("last" appended to the last). */
    private List<String> received() {
        List<String> out = new ArrayList<>();
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            if (msg instanceof BodyPart part) {
                out.add("[" + part.content().toString(StandardCharsets.ISO_8859_1) + "]" + (part.last() ? "last" : ""));
                part.release();
            } else if (msg instanceof ResponseHead head) {
                out.add("HEAD " + head.code()
                        + (head.inlineBodyLength() > 0
                                ? "+"
                                        + new String(
                                                head.bytes,
                                                head.bytes.length - head.inlineBodyLength(),
                                                head.inlineBodyLength(),
                                                StandardCharsets.ISO_8859_1)
                                : ""));
            } else {
                ByteBuf raw = (ByteBuf) msg;
                out.add("RAW " + raw.toString(StandardCharsets.ISO_8859_1));
                raw.release();
            }
        }
        return out;
    }

    @Test
    void aContentLengthBodyEndsAfterItsLengthAndTheNextResponseFollows() {
        decoder.expect(false, false, false);
        send("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel");
        send("loHTTP/1.1 204 No Content\r\n\r\n");

        assertThat(received()).containsExactly("HEAD 200", "[hel]", "[lo]last", "HEAD 204", "[]last");
    }

    @Test
    void aSmallBodyThatCameWithItsHeadTravelsInTheHead() {
        decoder.expect(false, false, false);
        send("HTTP/1.1 200 OK\r\nX: 1\r\ncontent-LENGTH: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nyes");

        assertThat(received()).containsExactly("HEAD 200+ok", "[]last", "HEAD 200+yes", "[]last");
    }

    @Test
    void bytesAfterABodilessResponseAreNotTakenForItsBody() {
        decoder.expect(false, false, false);
        send(
                "HTTP/1.1 204 No Content\r\nContent-Length: 2\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n");

        assertThat(received()).containsExactly("HEAD 204", "[]last", "HEAD 304", "[]last");
    }

    @Test
    void aResponseToHeadHasNoBodyWhateverItDeclares() {
        decoder.expect(true, false, false);
        send("HTTP/1.1 200 OK\r\nContent-Length: 500\r\nTransfer-Encoding: chunked\r\n\r\n");
        send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n");

        assertThat(received()).containsExactly("HEAD 200", "[]last", "HEAD 200", "[]last");
    }

    @Test
    void informationalResponsesPrecedeTheFinalOne() {
        decoder.expect(false, false, false);
        send(
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 304 Not Modified\r\n\r\n");

        assertThat(received()).containsExactly("HEAD 100", "HEAD 103", "HEAD 304", "[]last");
    }

    @Test
    void aChunkedBodyIsPassedOnWithItsTrailersOrDechunkedForHttp10Clients() {
        decoder.expect(false, false, false);
        send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n");
        assertThat(received()).containsExactly("HEAD 200", "[3\r\nabc\r\n]", "[0\r\nX-T: 1\r\n\r\n]last");

        decoder.expect(false, false, true);
        send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde");
        send("\r\n0\r\nX-T: 1\r\n\r\n");
        assertThat(received()).containsExactly("HEAD 200", "[abc]", "[de]", "[]last");
    }

    @Test
    void membersMayEndLinesWithABareLineFeed() {
        decoder.expect(false, false, false);
        send("HTTP/1.1 200 OK\nContent-Length: 2\n\nok");

        assertThat(received()).containsExactly("HEAD 200+ok", "[]last");
    }

    @Test
    void aBodyWithoutLengthEndsWhenTheMemberCloses() {
        decoder.expect(false, false, false);
        send("HTTP/1.0 200 OK\r\n\r\nstream");
        send("ing");
        channel.finish();

        assertThat(received()).containsExactly("HEAD 200", "[stream]", "[ing]", "[]last");
    }

    @Test
    void afterSwitchingProtocolsTheBytesStayForTheRelay() {
        decoder.expect(false, true, false);
        send("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\u0081\u0002hi");
        assertThat(received()).containsExactly("HEAD 101");

        channel.pipeline().remove(decoder);

        assertThat(received()).containsExactly("RAW \u0081\u0002hi");
    }

    @Test
    void conflictingContentLengthsFailTheConnection() {
        decoder.expect(false, false, false);

        assertThatThrownBy(() -> send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok"))
                .isInstanceOf(DecoderException.class)
                .hasMessageContaining("Content-Length");
    }

    @Test
    void equalContentLengthsAreOneLength() {
        decoder.expect(false, false, false);
        send("HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\nContent-Length: 2\r\n\r\no");
        send("k");

        assertThat(received()).containsExactly("HEAD 200", "[o]", "[k]last");
    }

    @Test
    void garbageFailsTheConnection() {
        assertThatThrownBy(() -> send("SSH-2.0-OpenSSH\r\n\r\n")).isInstanceOf(DecoderException.class);
    }

    @Test
    void obsoleteLineFoldingFailsTheConnection() {
        assertThatThrownBy(() -> send("HTTP/1.1 200 OK\r\nX: a\r\n b\r\nContent-Length: 0\r\n\r\n"))
                .isInstanceOf(DecoderException.class)
                .hasMessageContaining("folding");
    }
}
