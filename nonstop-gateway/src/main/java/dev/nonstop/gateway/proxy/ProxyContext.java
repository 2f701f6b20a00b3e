package dev.nonstop.gateway.proxy;

import dev.nonstop.gateway.GatewaySettings;
import dev.nonstop.gateway.stats.GatewayStats;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every connection of one gateway shares: settings, counters, the compiled table in force,
 * the upstream pools (one per event loop) and the registry of open exchanges per member.
 */
public final class ProxyContext {
    static final Logger ACCESS_LOG = LoggerFactory.getLogger("dev.nonstop.gateway.access");

    final GatewaySettings settings;
    final GatewayStats stats;
    final Transport transport;
    final ChannelGroup clients = new DefaultChannelGroup("clients", GlobalEventExecutor.INSTANCE);
    private final Map<EventExecutor, UpstreamPool> pools = new IdentityHashMap<>();
    private final Map<EventExecutor, Bootstrap> bootstraps = new IdentityHashMap<>();
    private final ConcurrentHashMap<String, Set<Exchange>> openByMember = new ConcurrentHashMap<>();
    private volatile CompiledTable table;
    private volatile boolean shuttingDown;

    ProxyContext(GatewaySettings settings, GatewayStats stats, Transport transport, EventLoopGroup workers) {
        this.settings = settings;
        this.stats = stats;
        this.transport = transport;
        for (EventExecutor executor : workers) {
            EventLoop loop = (EventLoop) executor;
            pools.put(loop, new UpstreamPool(settings.maxIdlePerMember()));
            bootstraps.put(
                    loop,
                    new Bootstrap()
                            .group(loop)
                            .channel(transport.socketChannel())
                            .option(ChannelOption.TCP_NODELAY, true)
                            .option(ChannelOption.AUTO_READ, false)
                            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(
                                    Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
                            .handler(new BackendChannelInitializer(this)));
        }
    }

    CompiledTable table() {
        return table;
    }

    void table(CompiledTable compiled) {
        this.table = compiled;
    }

    UpstreamPool pool(EventLoop loop) {
        return pools.get(loop);
    }

    Bootstrap bootstrap(EventLoop loop) {
        return bootstraps.get(loop);
    }

    boolean shuttingDown() {
        return shuttingDown;
    }

    void startShutdown() {
        shuttingDown = true;
    }

    void register(String memberId, Exchange exchange) {
        openByMember
                .computeIfAbsent(memberId, id -> ConcurrentHashMap.newKeySet())
                .add(exchange);
    }

    void unregister(String memberId, Exchange exchange) {
        Set<Exchange> open = openByMember.get(memberId);
        if (open != null) {
            open.remove(exchange);
        }
    }

    /** Closes what is still open to a member whose drain deadline passed; returns how many. */
    int forceCloseExchanges(String memberId) {
        Set<Exchange> open = openByMember.get(memberId);
        if (open == null) {
            return 0;
        }
        int count = 0;
        for (Exchange exchange : open) {
            exchange.forceClose();
            count++;
        }
        return count;
    }

    void closePools() {
        pools.forEach((loop, pool) -> loop.execute(pool::closeAll));
    }

    /** For tests and the admin API: client connections open now. */
    public int openClientConnections() {
        return clients.size();
    }

    static boolean isOpen(Channel channel) {
        return channel != null && channel.isActive();
    }
}
