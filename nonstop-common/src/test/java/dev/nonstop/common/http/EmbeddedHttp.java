package dev.nonstop.common.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;

/** Raw HTTP/1.1 in and out of a server pipeline in an {@link EmbeddedChannel}, as a client's socket would see it. */
final class EmbeddedHttp {
    private EmbeddedHttp() {}

    /** Writes {@code text} to the server as bytes off the wire. */
    static void send(EmbeddedChannel channel, String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    /**
     * A request head with {@code Host}, the given header lines and, unless null, {@code Authorization:
     * <authorization>}.
     */
    static String head(String method, String path, String authorization, String... headers) {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: test\r\n");
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    /** Everything the server wrote so far. */
    static String output(EmbeddedChannel channel) {
        StringBuilder out = new StringBuilder();
        for (Object msg = channel.readOutbound(); msg != null; msg = channel.readOutbound()) {
            ByteBuf buf = (ByteBuf) msg;
            out.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        return out.toString();
    }
}
