package dev.nonstop.gateway.proxy;

import dev.nonstop.gateway.http.ForwardingHeaders;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/**
 * Responses the gateway writes itself (400, 404, 408, 413, 414, 431, 502, 503, 504): a short
 * plain-text body naming the cause, never a member's address. Written as bytes: the client
 * pipeline has no HTTP encoder.
 */
final class LocalResponses {
    private LocalResponses() {}

    static ByteBuf of(HttpResponseStatus status, String cause, boolean keepAlive) {
        byte[] body =
                (status.code() + " " + status.reasonPhrase() + ": " + cause + "\n").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status.code() + " " + status.reasonPhrase() + "\r\n"
                + "content-type: text/plain; charset=utf-8\r\n"
                + "content-length: " + body.length + "\r\n"
                + "cache-control: no-store\r\n"
                + "via: " + ForwardingHeaders.VIA_VALUE + "\r\n"
                + (keepAlive ? "" : "connection: close\r\n")
                + "\r\n";
        ByteBuf out = Unpooled.buffer(head.length() + body.length);
        out.writeCharSequence(head, StandardCharsets.ISO_8859_1);
        out.writeBytes(body);
        return out;
    }
}
