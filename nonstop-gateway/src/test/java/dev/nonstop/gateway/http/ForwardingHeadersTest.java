package dev.nonstop.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ForwardingHeadersTest {
    private static final byte[] CLIENT = "10.1.2.3".getBytes(StandardCharsets.US_ASCII);
    private static final UnpooledByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

    private static RequestHead request(String head) {
        return RequestHead.parse(head.getBytes(StandardCharsets.ISO_8859_1), 8192);
    }

    private static ResponseHead response(String head) {
        return ResponseHead.parse(head.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String text(ByteBuf buf) {
        try {
            return buf.toString(StandardCharsets.ISO_8859_1);
        } finally {
            buf.release();
        }
    }

    private static String forwarded(String head, boolean upgrade) {
        return text(ForwardingHeaders.request(ALLOC, request(head), CLIENT, upgrade, null));
    }

    @Test
    void keptLinesAreCopiedByteForByteAndTheForwardedFieldsAdded() {
        assertThat(forwarded(
                        "GET /a?b=c HTTP/1.0\r\nHost: Shop.Test\r\nX-Kept:  spaced  value\r\nACCEPT: */*\r\n\r\n",
                        false))
                .isEqualTo("GET /a?b=c HTTP/1.1\r\n"
                        + "Host: Shop.Test\r\n"
                        + "X-Kept:  spaced  value\r\n"
                        + "ACCEPT: */*\r\n"
                        + "x-forwarded-for: 10.1.2.3\r\n"
                        + "x-forwarded-proto: http\r\n"
                        + "x-forwarded-host: Shop.Test\r\n"
                        + "via: 1.1 nonstop\r\n"
                        + "\r\n");
    }

    @Test
    void hopByHopHeadersAndThoseNamedInConnectionAreRemoved() {
        String out = forwarded(
                "GET / HTTP/1.1\r\nHost: shop.test\r\nConnection: keep-alive, X-Secret\r\nKeep-Alive: timeout=5\r\n"
                        + "Proxy-Connection: keep-alive\r\nTE: trailers\r\nx-secret: 1\r\nX-Kept: 2\r\nUpgrade: h2c\r\n\r\n",
                false);

        assertThat(out)
                .isEqualTo("GET / HTTP/1.1\r\nHost: shop.test\r\nX-Kept: 2\r\n"
                        + "x-forwarded-for: 10.1.2.3\r\nx-forwarded-proto: http\r\nx-forwarded-host: shop.test\r\n"
                        + "via: 1.1 nonstop\r\n\r\n");
    }

    @Test
    void framingFieldsSurviveAConnectionFieldThatNamesThem() {
        String out = forwarded(
                "POST / HTTP/1.1\r\nHost: shop.test\r\nContent-Length: 3\r\nConnection: Content-Length, host\r\n\r\n",
                false);

        assertThat(out).contains("\r\nHost: shop.test\r\n").contains("\r\nContent-Length: 3\r\n");
    }

    @Test
    void forwardedForIsAppendedToAndTheOthersAreReplaced() {
        String out = forwarded(
                "GET / HTTP/1.1\r\nHost: shop.test:8080\r\nX-Forwarded-For: 192.0.2.1\r\nx-forwarded-for: 192.0.2.2\r\n"
                        + "X-Forwarded-Proto: https\r\nX-Forwarded-Host: evil.test\r\nVia: 1.0 corp\r\n\r\n",
                false);

        assertThat(out)
                .contains("x-forwarded-for: 192.0.2.1, 192.0.2.2, 10.1.2.3\r\n")
                .contains("x-forwarded-proto: http\r\n")
                .contains("x-forwarded-host: shop.test:8080\r\n")
                .contains("via: 1.0 corp, 1.1 nonstop\r\n")
                .doesNotContain("https")
                .doesNotContain("evil.test");
    }

    @Test
    void anUpgradeKeepsItsProtocolAndConnectionUpgrade() {
        String out = forwarded(
                "GET /ws HTTP/1.1\r\nHost: shop.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n", true);

        assertThat(out)
                .endsWith("upgrade: websocket\r\nconnection: upgrade\r\n\r\n")
                .doesNotContain("Connection: Upgrade");
    }

    @Test
    void extraSpacesInTheRequestLineAreNormalised() {
        assertThat(forwarded("GET   /x   HTTP/1.1\r\nHost: a\r\n\r\n", false))
                .startsWith("GET /x HTTP/1.1\r\nHost: a\r\n");
    }

    @Test
    void aFinalResponseDropsHopByHopFieldsAndSaysWhetherTheConnectionStays() {
        ResponseHead head = response("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n"
                + "Keep-Alive: timeout=5\r\nVia: 1.1 inner\r\nX-App: yes\r\n\r\n");

        assertThat(text(ForwardingHeaders.response(
                        ALLOC, head, ForwardingHeaders.ResponseKind.FINAL, false, false, false, null)))
                .isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-App: yes\r\nvia: 1.1 inner, 1.1 nonstop\r\n"
                        + "connection: close\r\n\r\n");
        assertThat(text(ForwardingHeaders.response(
                        ALLOC, head, ForwardingHeaders.ResponseKind.FINAL, true, false, true, "sid=m1; Path=/")))
                .isEqualTo("HTTP/1.0 200 OK\r\nContent-Length: 2\r\nX-App: yes\r\nvia: 1.1 inner, 1.1 nonstop\r\n"
                        + "set-cookie: sid=m1; Path=/\r\nconnection: keep-alive\r\n\r\n");
    }

    @Test
    void aSmallBodyThatCameWithTheHeadLeavesWithIt() {
        byte[] bytes = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1);
        ResponseHead head = ResponseHead.parse(bytes, bytes.length - 2);

        assertThat(text(ForwardingHeaders.response(
                        ALLOC, head, ForwardingHeaders.ResponseKind.FINAL, false, false, true, null)))
                .isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nvia: 1.1 nonstop\r\n\r\nok");
    }

    @Test
    void aChunkedResponseLosesItsContentLengthAndForAnHttp10ClientItsTransferEncoding() {
        ResponseHead head =
                response("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 10\r\nX: y\r\n\r\n");

        assertThat(text(ForwardingHeaders.response(
                        ALLOC, head, ForwardingHeaders.ResponseKind.FINAL, false, false, true, null)))
                .isEqualTo("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX: y\r\nvia: 1.1 nonstop\r\n\r\n");
        assertThat(text(ForwardingHeaders.response(
                        ALLOC, head, ForwardingHeaders.ResponseKind.FINAL, true, true, false, null)))
                .isEqualTo("HTTP/1.0 200 OK\r\nX: y\r\nvia: 1.1 nonstop\r\n\r\n");
    }

    @Test
    void aMemberHeadWithBareLineFeedsIsForwardedWithCrlf() {
        ResponseHead head = response("HTTP/1.1 404\nContent-Length: 0\nX:  y \n\n");

        assertThat(text(ForwardingHeaders.response(
                        ALLOC, head, ForwardingHeaders.ResponseKind.FINAL, false, false, true, null)))
                .isEqualTo("HTTP/1.1 404\r\nContent-Length: 0\r\nX:  y\r\nvia: 1.1 nonstop\r\n\r\n");
    }

    @Test
    void aSwitchingProtocolsResponseKeepsItsUpgrade() {
        ResponseHead head = response("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: abc\r\n\r\n");

        assertThat(text(ForwardingHeaders.response(
                        ALLOC, head, ForwardingHeaders.ResponseKind.UPGRADE, false, false, true, null)))
                .isEqualTo("HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: abc\r\nvia: 1.1 nonstop\r\n"
                        + "upgrade: websocket\r\nconnection: upgrade\r\n\r\n");
    }
}
