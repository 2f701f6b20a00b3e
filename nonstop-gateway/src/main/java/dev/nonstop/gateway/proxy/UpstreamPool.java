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
 * <p>Before a pooled connection is handed out it is checked for a close the member already sent
 * and this loop has not processed yet (a non-blocking read of its socket on epoll). That closes
 * most of the window in which a request is written to a connection the member has just given up,
 * which is the classic way keep-alive proxies lose requests when a backend is stopped.
 */
final class UpstreamPool {
    private final int maxIdlePerMember;
    private final Map<InetSocketAddress, ArrayDeque<Channel>> idle = new HashMap<>();
    private final ByteBuffer probe = ByteBuffer.allocateDirect(64);

    UpstreamPool(int maxIdlePerMember) {
        this.maxIdlePerMember = maxIdlePerMember;
    }

    /** An idle, live connection to {@code address}, or {@code null}. */
    Channel poll(InetSocketAddress address) {
        ArrayDeque<Channel> channels = idle.get(address);
        if (channels == null) {
            return null;
        }
        Channel channel;
        while ((channel = channels.pollFirst()) != null) {
            if (isAlive(channel)) {
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
