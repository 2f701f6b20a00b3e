package dev.nonstop.gateway.proxy;

import io.netty.channel.Channel;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.UnixChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Idle keep-alive connections to members, one pool per event loop and used only from that loop,
 * so it needs no locks. Most recently used first, so that rarely used connections age out.
 *
 * <p>A close the member sent while a connection waited here is normally seen by the event loop,
 * which then drops the connection. What the loop has not processed yet (the close arrived after the
 * loop last asked the kernel, which is how keep-alive proxies lose requests when a backend stops or
 * times out an idle connection) is found by a probe: a non-blocking read of the socket on epoll.
 * The caller asks for the probe only when a request that fails after it was written would not be
 * sent again (see {@link Exchange}); the probe is one system call, a twentieth of what the gateway
 * spends on a small request.
 */
final class UpstreamPool {
    private final int maxIdlePerMember;
    private final Map<InetSocketAddress, ArrayDeque<Channel>> idle = new HashMap<>();
    private final ByteBuffer probe = ByteBuffer.allocateDirect(64);

    UpstreamPool(int maxIdlePerMember) {
        this.maxIdlePerMember = maxIdlePerMember;
    }

    /**
     * An idle connection to {@code address} that is open as far as this loop knows, or {@code null};
     * with {@code probe}, one whose socket has not received a close either.
     */
    Channel poll(InetSocketAddress address, boolean probe) {
        ArrayDeque<Channel> channels = idle.get(address);
        if (channels == null) {
            return null;
        }
        Channel channel;
        while ((channel = channels.pollFirst()) != null) {
            if (probe ? isAlive(channel) : channel.isActive()) {
                return channel;
            }
            channel.close();
        }
        return null;
    }

    /** @return false when the pool for that member is full (the caller closes the channel) */
    boolean offer(InetSocketAddress address, Channel channel) {
        ArrayDeque<Channel> channels = idle.computeIfAbsent(address, a -> new ArrayDeque<>());
        if (channels.size() >= maxIdlePerMember) {
            return false;
        }
        channels.addFirst(channel);
        return true;
    }

    void remove(InetSocketAddress address, Channel channel) {
        ArrayDeque<Channel> channels = idle.get(address);
        if (channels != null) {
            channels.remove(channel);
        }
    }

    void closeAll() {
        List<Channel> all = new ArrayList<>();
        idle.values().forEach(all::addAll);
        idle.clear();
        all.forEach(Channel::close);
    }

    private boolean isAlive(Channel channel) {
        if (!channel.isActive()) {
            return false;
        }
        if (channel instanceof UnixChannel unix) {
            FileDescriptor fd = unix.fd();
            try {
                probe.clear();
                // 0 = nothing to read (alive); -1 = the member closed; > 0 = bytes nobody asked for.
                return fd.read(probe, 0, probe.capacity()) == 0;
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
