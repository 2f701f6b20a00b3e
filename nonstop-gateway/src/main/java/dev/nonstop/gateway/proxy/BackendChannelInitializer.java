package dev.nonstop.gateway.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;

/**
 * Pipeline of an upstream connection: {@code codec} ({@link HttpClientCodec}), {@code backend}
 * ({@link BackendHandler}, which also closes the connection when it idles in the pool too long).
 */
final class BackendChannelInitializer extends ChannelInitializer<Channel> {
    static final String CODEC = "codec";
    static final String BACKEND = "backend";

    private final ProxyContext proxy;

    BackendChannelInitializer(ProxyContext proxy) {
        this.proxy = proxy;
    }

    @Override
    protected void initChannel(Channel channel) {
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(8192)
                .setMaxHeaderSize(64 * 1024)
                .setMaxChunkSize(64 * 1024)
                // Members are trusted and the parser already splits header lines: validating
                // every response header name again costs throughput and buys nothing.
                .setValidateHeaders(false);
        channel.pipeline()
                .addLast(
                        CODEC,
                        new HttpClientCodec(decoder, HttpClientCodec.DEFAULT_PARSE_HTTP_AFTER_CONNECT_REQUEST, false))
                .addLast(BACKEND, new BackendHandler(proxy));
    }
}
