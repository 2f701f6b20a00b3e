package dev.nonstop.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

class ForwardingHeadersTest {
    private static final String CLIENT = "10.1.2.3";

    @Test
    void hopByHopHeadersAndThoseNamedInConnectionAreRemoved() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("Host", "shop.test")
                .add("Connection", "keep-alive, X-Secret")
                .add("Keep-Alive", "timeout=5")
                .add("Proxy-Connection", "keep-alive")
                .add("TE", "trailers")
                .add("X-Secret", "1")
                .add("X-Kept", "2");

        ForwardingHeaders.rewriteRequest(headers, CLIENT, false);

        assertThat(headers.names())
                .containsExactlyInAnyOrder(
                        "Host", "X-Kept", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "via");
    }

    @Test
    void forwardedForIsAppendedToAndTheOthersAreReplaced() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("Host", "shop.test:8080")
                .add("X-Forwarded-For", "192.0.2.1")
                .add("X-Forwarded-Proto", "https")
                .add("X-Forwarded-Host", "evil.test")
                .add("Via", "1.0 corp");

        ForwardingHeaders.rewriteRequest(headers, CLIENT, false);

        assertThat(headers.get("X-Forwarded-For")).isEqualTo("192.0.2.1, 10.1.2.3");
        assertThat(headers.get("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(headers.get("X-Forwarded-Host")).isEqualTo("shop.test:8080");
        assertThat(headers.get("Via")).isEqualTo("1.0 corp, 1.1 nonstop");
    }

    @Test
    void anUpgradeKeepsItsProtocolAndConnectionUpgrade() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("Host", "shop.test")
                .add("Connection", "Upgrade")
                .add("Upgrade", "websocket");

        ForwardingHeaders.rewriteRequest(headers, CLIENT, true);

        assertThat(headers.get("Upgrade")).isEqualTo("websocket");
        assertThat(headers.get("Connection")).isEqualTo("upgrade");
    }
}
