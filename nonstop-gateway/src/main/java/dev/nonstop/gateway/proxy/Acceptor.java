package dev.nonstop.gateway.proxy;

import dev.nonstop.gateway.GatewaySettings;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import java.net.InetSocketAddress;

/**
 * The listening socket, kept apart from connection handling: stopping it stops new connections
 * and nothing else, and with SO_REUSEPORT a second gateway can bind the same port before this one
 * lets go, so a gateway can be replaced without refusing a single connection.
 */
public final class Acceptor {
    private final Channel serverChannel;

    private Acceptor(Channel serverChannel) {
        this.serverChannel = serverChannel;
    }

    static Acceptor bind(
            GatewaySettings settings, Transport transport, EventLoopGroup group, ChannelHandler initializer)
            throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(initializer);
        if (transport == Transport.EPOLL && settings.reusePort()) {
            bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
        }
        Channel channel = bootstrap.bind(settings.listen()).sync().channel();
        return new Acceptor(channel);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Stops accepting new connections; established ones are untouched. */
    void stop() {
        serverChannel.close().awaitUninterruptibly();
    }
}
