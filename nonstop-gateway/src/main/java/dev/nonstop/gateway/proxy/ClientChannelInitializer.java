package dev.nonstop.gateway.proxy;

import dev.nonstop.gateway.GatewaySettings;
import dev.nonstop.gateway.http.ForwardingHeaders;
import dev.nonstop.gateway.http.RequestDecoder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;

/**
 * Pipeline of a client connection: {@code timeouts} ({@link ClientTimeoutHandler}), {@code
 * decoder} (strict {@link RequestDecoder}), {@code frontend} ({@link FrontendHandler}). No encoder:
 * responses are written as bytes ({@link ForwardingHeaders}, {@link LocalResponses}).
 */
final class ClientChannelInitializer extends ChannelInitializer<Channel> {
    static final String TIMEOUTS = "timeouts";
    static final String DECODER = "decoder";
    static final String FRONTEND = "frontend";

    private final ProxyContext proxy;

    ClientChannelInitializer(ProxyContext proxy) {
        this.proxy = proxy;
    }

    @Override
    protected void initChannel(Channel channel) {
        GatewaySettings settings = proxy.settings;
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast(
                TIMEOUTS,
                new ClientTimeoutHandler(settings.idleTimeout(), settings.headerReadTimeout(), proxy.stats::rejected));
        pipeline.addLast(DECODER, new RequestDecoder(settings.maxUriLength(), settings.maxHeaderSize()));
        pipeline.addLast(FRONTEND, new FrontendHandler(proxy));
        proxy.clients.add(channel);
    }
}
