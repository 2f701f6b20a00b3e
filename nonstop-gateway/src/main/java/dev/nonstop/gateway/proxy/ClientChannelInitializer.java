package dev.nonstop.gateway.proxy;

import dev.nonstop.gateway.GatewaySettings;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * Pipeline of a client connection: {@code timeouts} ({@link ClientTimeoutHandler}), {@code
 * codec} (strict {@link HttpServerCodec}), {@code frontend} ({@link FrontendHandler}).
 */
final class ClientChannelInitializer extends ChannelInitializer<Channel> {
    static final String TIMEOUTS = "timeouts";
    static final String CODEC = "codec";
    static final String FRONTEND = "frontend";

    private final ProxyContext proxy;

    ClientChannelInitializer(ProxyContext proxy) {
        this.proxy = proxy;
    }

    @Override
    protected void initChannel(Channel channel) {
        GatewaySettings settings = proxy.settings;
        FrontendHandler frontend = new FrontendHandler(proxy);
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(settings.maxUriLength())
                .setMaxHeaderSize(settings.maxHeaderSize())
                .setMaxChunkSize(64 * 1024)
                .setValidateHeaders(true)
                .setAllowDuplicateContentLengths(false)
                .setStrictLineParsing(true)
                .setUseRfc9112TransferEncoding(true);
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast(
                TIMEOUTS,
                new ClientTimeoutHandler(settings.idleTimeout(), settings.headerReadTimeout(), proxy.stats::rejected));
        pipeline.addLast(CODEC, new HttpServerCodec(decoder));
        pipeline.addLast(FRONTEND, frontend);
        proxy.clients.add(channel);
    }
}
