package dev.nonstop.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.testing.leak.NettyLeakDetectionExtension;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NettyLeakDetectionExtension.class)
class RequestDecoderTest {
    private final RequestDecoder decoder = new RequestDecoder(256, 1024);
    private final EmbeddedChannel channel = new EmbeddedChannel(decoder);

    @AfterEach
    void releaseWhatIsLeft() {
        channel.finishAndReleaseAll();
    }

    private void send(String raw) {
        channel.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
    }

    private void sendByteByByte(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            send(raw.substring(i, i + 1));
        }
    }

    /** Heads as they are, body parts as "[data bytes:wire bytes]" ("last" appended to the last). */
    private List<Object> received() {
        List<Object> out = new ArrayList<>();
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            if (msg instanceof BodyPart part) {
                out.add("[" + part.dataBytes() + ":" + part.content().toString(StandardCharsets.ISO_8859_1) + "]"
                        + (part.last() ? "last" : ""));
                part.release();
            } else {
                out.add(msg);
            }
        }
        return out;
    }

    private RequestHead onlyHead() {
        List<Object> messages = received();
        assertThat(messages).hasSize(1);
        return (RequestHead) messages.get(0);
    }

    private void assertRefused(String raw, int status, String why) {
        send(raw);
        RequestHead head = onlyHead();
        assertThat(head.failure()).isNotNull();
        assertThat(head.failure().status().code()).isEqualTo(status);
        assertThat(head.failure().getMessage()).contains(why);
        // Nothing after a refused head is decoded.
        send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(received()).isEmpty();
    }

    @Test
    void pipelinedRequestsInOneBufferComeOutOneByOne() {
        send(
                "\r\nGET /a HTTP/1.1\r\nHost: a\r\n\r\nPOST /b HTTP/1.0\r\ncontent-LENGTH: 3\r\n\r\nxyzHEAD /c HTTP/1.1\r\nHost: c\r\n\r\n");

        List<Object> messages = received();
        assertThat(messages).hasSize(4);
        RequestHead a = (RequestHead) messages.get(0);
        assertThat(a.method()).isEqualTo("GET");
        assertThat(a.uri()).isEqualTo("/a");
        assertThat(a.host()).isEqualTo("a");
        assertThat(a.expectsBody()).isFalse();
        assertThat(a.keepAlive()).isTrue();
        RequestHead b = (RequestHead) messages.get(1);
        assertThat(b.isHttp10()).isTrue();
        assertThat(b.keepAlive()).isFalse();
        assertThat(b.contentLength()).isEqualTo(3);
        assertThat(messages.get(2)).isEqualTo("[3:xyz]last");
        assertThat(((RequestHead) messages.get(3)).method()).isEqualTo("HEAD");
    }

    @Test
    void aHeadSplitAcrossManyBuffersIsDecodedOnce() {
        sendByteByByte("GET /split HTTP/1.1\r\nHost: shop.test\r\nConnection: close\r\n\r\n");

        RequestHead head = onlyHead();
        assertThat(head.uri()).isEqualTo("/split");
        assertThat(head.keepAlive()).isFalse();
    }

    @Test
    void headerNamesMatchWhateverTheirCase() {
        send("GET / HTTP/1.1\r\nhOsT: a\r\nCONNECTION: UPGRADE\r\nupgrade: websocket\r\n\r\n");

        RequestHead head = onlyHead();
        assertThat(head.host()).isEqualTo("a");
        assertThat(head.upgradeRequested()).isTrue();
    }

    @Test
    void aBareLineFeedIsRefused() {
        assertRefused("GET / HTTP/1.1\nHost: a\n\n", 400, "bare LF");
    }

    @Test
    void aBareLineFeedInsideAHeaderValueIsRefused() {
        assertRefused("GET / HTTP/1.1\r\nHost: a\nX: b\r\n\r\n", 400, "bare LF");
    }

    @Test
    void obsoleteLineFoldingIsRefused() {
        assertRefused("GET / HTTP/1.1\r\nHost: a\r\nX-Folded: one\r\n two\r\n\r\n", 400, "folding");
    }

    @Test
    void whitespaceBeforeTheColonIsRefused() {
        assertRefused("GET / HTTP/1.1\r\nHost: a\r\nContent-Length : 5\r\n\r\nhello", 400, "whitespace");
    }

    @Test
    void controlCharactersInAValueAreRefused() {
        assertRefused("GET / HTTP/1.1\r\nHost: a\r\nX: a\u0000b\r\n\r\n", 400, "control character");
    }

    @Test
    void aMalformedRequestLineIsRefused() {
        assertRefused("GET /\r\nHost: a\r\n\r\n", 400, "request target");
    }

    @Test
    void anUnknownProtocolIsRefused() {
        assertRefused("GET / FOO/1.1\r\nHost: a\r\n\r\n", 400, "HTTP version");
    }

    @Test
    void contentLengthTogetherWithTransferEncodingIsRefused() {
        assertRefused(
                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n",
                400,
                "both Content-Length and Transfer-Encoding");
    }

    @Test
    void duplicateContentLengthsAreRefusedEvenWhenEqual() {
        assertRefused(
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nContent-Length: 4\r\n\r\nabcd",
                400,
                "more than one Content-Length");
    }

    @Test
    void invalidContentLengthsAreRefused() {
        for (String value : List.of("abc", "+4", "4, 4", "-1", "", "99999999999999999999")) {
            EmbeddedChannel fresh = new EmbeddedChannel(new RequestDecoder(256, 1024));
            fresh.writeInbound(Unpooled.copiedBuffer(
                    "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + value + "\r\n\r\n",
                    StandardCharsets.ISO_8859_1));
            RequestHead head = fresh.readInbound();
            assertThat(head.failure()).as(value).isNotNull();
            assertThat(head.failure().getMessage()).contains("Content-Length");
            fresh.finishAndReleaseAll();
        }
    }

    @Test
    void anOverlongRequestLineGets414EvenBeforeItEnds() {
        send("GET /" + "a".repeat(300));

        RequestHead head = onlyHead();
        assertThat(head.failure().status().code()).isEqualTo(414);
    }

    @Test
    void oversizedHeadersGet431EvenBeforeTheyEnd() {
        send("GET / HTTP/1.1\r\nHost: a\r\n");
        assertThat(received()).isEmpty();
        for (int i = 0; i < 20; i++) {
            send("X-Filler-" + i + ": " + "x".repeat(50) + "\r\n");
        }

        RequestHead head = onlyHead();
        assertThat(head.failure().status().code()).isEqualTo(431);
    }

    @Test
    void aChunkedBodyThatArrivesWholeIsPassedOnAsItCame() {
        send("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: 1\r\n\r\n");

        List<Object> messages = received();
        assertThat(messages).hasSize(4);
        assertThat(messages.subList(1, 4))
                .containsExactly(
                        "[5:5;ext=1\r\nhello\r\n]", "[6:6\r\n world\r\n]", "[0:0\r\nX-Checksum: 1\r\n\r\n]last");
    }

    @Test
    void aChunkedBodyThatArrivesInPiecesIsPassedOnAsWholeChunks() {
        send("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
        sendByteByByte("a\r\n0123456789\r\n0\r\n\r\n");

        List<Object> messages = received();
        StringBuilder forwarded = new StringBuilder();
        long data = 0;
        for (Object message : messages.subList(1, messages.size())) {
            String part = (String) message;
            data += Long.parseLong(part.substring(1, part.indexOf(':')));
            forwarded.append(part, part.indexOf(':') + 1, part.lastIndexOf(']'));
        }
        assertThat(data).isEqualTo(10);
        assertThat(messages.get(messages.size() - 1).toString()).endsWith("last");
        // Every piece became a chunk of its own.
        assertThat(forwarded.toString())
                .isEqualTo("1\r\n0\r\n1\r\n1\r\n1\r\n2\r\n1\r\n3\r\n1\r\n4\r\n1\r\n5\r\n1\r\n6\r\n1\r\n7\r\n1\r\n8\r\n"
                        + "1\r\n9\r\n0\r\n\r\n");
    }

    @Test
    void aRequestAfterAChunkedBodyIsDecoded() {
        send(
                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\nGET /next HTTP/1.1\r\nHost: a\r\n\r\n");

        List<Object> messages = received();
        assertThat(messages).hasSize(4);
        assertThat(((RequestHead) messages.get(3)).uri()).isEqualTo("/next");
    }

    @Test
    void anInvalidChunkSizeAfterTheHeadEndsTheBodyAndNothingMoreIsDecoded() {
        send("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
        assertThat(received()).hasSize(1);

        send("3\r\nabc\r\nzz\r\nhello\r\n");

        // The whole chunk before the bad size line came in the same read: dropped with it.
        List<Object> messages = received();
        assertThat(messages).hasSize(1);
        assertThat(((MalformedBody) messages.get(0)).reason()).contains("invalid chunk size");
        send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(received()).isEmpty();
    }

    @Test
    void chunkDataNotFollowedByCrlfEndsTheBody() {
        send("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
        assertThat(received()).hasSize(1);

        send("2\r\nabc\r\n");

        assertThat(received()).containsExactly(new MalformedBody("chunk data not followed by CRLF"));
    }

    @Test
    void anInvalidChunkSizeThatArrivesWithTheHeadFailsTheHead() {
        for (String size : List.of(
                "ffffffffffffffff",
                "10000000000000000",
                "-5",
                "0x5",
                " 5",
                "5 ",
                "",
                "5 x",
                "g",
                "5;" + "e".repeat(5000))) {
            EmbeddedChannel fresh = new EmbeddedChannel(new RequestDecoder(256, 1024));
            fresh.writeInbound(Unpooled.copiedBuffer(
                    "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n" + size
                            + "\r\nhello\r\n0\r\n\r\n",
                    StandardCharsets.ISO_8859_1));
            RequestHead head = fresh.readInbound();
            assertThat(head.failure())
                    .as(size.substring(0, Math.min(20, size.length())))
                    .isNotNull();
            assertThat(head.failure().status().code()).isEqualTo(400);
            assertThat(head.failure().getMessage()).as(size).contains("malformed chunked body: ");
            assertThat((Object) fresh.readInbound()).as(size).isNull();
            fresh.finishAndReleaseAll();
        }
    }

    @Test
    void chunkSizesWithLeadingZerosUpToSixteenDigitsAndExtensionsAreAccepted() {
        send("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0000000000000005 ; a=b;c=\"d e\"\r\nhello\r\nA\r\n0123456789\r\n0\r\n\r\n");

        List<Object> messages = received();
        assertThat(messages.subList(1, messages.size()))
                .containsExactly(
                        "[5:0000000000000005 ; a=b;c=\"d e\"\r\nhello\r\n]",
                        "[10:A\r\n0123456789\r\n]",
                        "[0:0\r\n\r\n]last");
    }

    @Test
    void anotherTransferCodingStopsDecoding() {
        send("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n");

        RequestHead head = onlyHead();
        assertThat(head.failure()).isNull();
        assertThat(head.singleChunkedCoding()).isFalse();
    }

    @Test
    void bytesBehindAnUpgradeRequestWaitUntilTheUpgradeIsRefused() {
        send(
                "GET /ws HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\nGET /next HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(onlyHead().upgradeRequested()).isTrue();
        assertThat(decoder.paused()).isTrue();

        decoder.resume();

        assertThat(onlyHead().uri()).isEqualTo("/next");
    }

    @Test
    void bytesBehindAnUpgradeRequestGoOnRawWhenTheDecoderIsRemoved() {
        send("GET /ws HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n\u0081\u0005frame");
        assertThat(onlyHead().upgradeRequested()).isTrue();

        channel.pipeline().remove(decoder);

        io.netty.buffer.ByteBuf raw = channel.readInbound();
        assertThat(raw.toString(StandardCharsets.ISO_8859_1)).isEqualTo("\u0081\u0005frame");
        raw.release();
    }
}
