package dev.nonstop.gateway.proxy;

import dev.nonstop.gateway.http.ForwardingHeaders;
import dev.nonstop.gateway.http.ResponseDecoder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

/**
 * Pipeline of an upstream connection: {@code decoder} ({@link ResponseDecoder}), {@code backend}
 * ({@link BackendHandler}, which also closes the connection when it idles in the pool too long).
 * No encoder: the exchange writes request heads and bodies as bytes ({@link ForwardingHeaders}).
 */
final class BackendChannelInitializer extends ChannelInitializer<Channel> {
    static final String DECODER = "decoder";
    static final String BACKEND = "backend";

    private final ProxyContext proxy;

    BackendChannelInitializer(ProxyContext proxy) {
        this.proxy = proxy;
    }

    @Override
    protected void initChannel(Channel channel) {
        channel.pipeline().addLast(DECODER, new ResponseDecoder()).addLast(BACKEND, new BackendHandler(proxy));
    }
}
