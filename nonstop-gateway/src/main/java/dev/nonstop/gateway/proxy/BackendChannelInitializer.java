package dev.nonstop.gateway.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Pipeline of an upstream connection: {@code codec} ({@link HttpClientCodec}), {@code idle}
 * ({@link IdleStateHandler}, closes pooled connections idle past the upstream idle timeout),
 * {@code backend} ({@link BackendHandler}).
 */
final class BackendChannelInitializer extends ChannelInitializer<Channel> {
    static final String CODEC = "codec";
    static final String IDLE = "idle";
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
                .setValidateHeaders(true);
        channel.pipeline()
                .addLast(
                        CODEC,
                        new HttpClientCodec(decoder, HttpClientCodec.DEFAULT_PARSE_HTTP_AFTER_CONNECT_REQUEST, false))
                .addLast(
                        IDLE,
                        new IdleStateHandler(
                                0, 0, proxy.settings.upstreamIdleTimeout().toNanos(), TimeUnit.NANOSECONDS))
                .addLast(BACKEND, new BackendHandler(proxy));
    }
}
