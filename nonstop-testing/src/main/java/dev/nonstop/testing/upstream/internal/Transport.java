package dev.nonstop.testing.upstream.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.function.Supplier;

/**
 * The Netty transport to serve with: native epoll when it loads on this machine, NIO otherwise.
 *
 * @param name {@code epoll} or {@code nio}
 * @param ioHandlers makes the I/O handler factory of a new event-loop group
 * @param serverChannelType the server channel class that goes with it
 */
public record Transport(
        String name, Supplier<IoHandlerFactory> ioHandlers, Class<? extends ServerChannel> serverChannelType) {

    /** Epoll when available, NIO otherwise. */
    public static Transport best() {
        if (Epoll.isAvailable()) {
            return new Transport("epoll", EpollIoHandler::newFactory, EpollServerSocketChannel.class);
        }
        return new Transport("nio", NioIoHandler::newFactory, NioServerSocketChannel.class);
    }

    /** A new event-loop group of {@code threads} threads named after {@code poolName}. */
    public EventLoopGroup newGroup(int threads, String poolName) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(poolName), ioHandlers.get());
    }
}
