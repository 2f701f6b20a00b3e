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
import java.util.List;
import java.util.Map;
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
    private final Map<EventExecutor, LoopResources> loops = new IdentityHashMap<>();
    private volatile CompiledTable table;
    private volatile boolean shuttingDown;

    ProxyContext(GatewaySettings settings, GatewayStats stats, Transport transport, EventLoopGroup workers) {
        this.settings = settings;
        this.stats = stats;
        this.transport = transport;
        for (EventExecutor executor : workers) {
            EventLoop loop = (EventLoop) executor;
            Bootstrap bootstrap = new Bootstrap()
                    .group(loop)
                    .channel(transport.socketChannel())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.AUTO_READ, false)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(
                            Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
                    .handler(new BackendChannelInitializer(this));
            loops.put(
                    loop,
                    new LoopResources(
                            loop, new UpstreamPool(settings.maxIdlePerMember()), bootstrap, new OpenExchanges()));
        }
    }

    CompiledTable table() {
        return table;
    }

    void table(CompiledTable compiled) {
        this.table = compiled;
    }

    /** The resources of an event loop of this gateway; call from that loop only. */
    LoopResources loop(EventExecutor loop) {
        return loops.get(loop);
    }

    boolean shuttingDown() {
        return shuttingDown;
    }

    void startShutdown() {
        shuttingDown = true;
    }

    /**
     * Closes what is still open to a member whose drain deadline passed, on each exchange's own
     * loop; returns at once.
     */
    void forceCloseExchanges(String memberId) {
        loops.values().forEach(resources -> resources.loop().execute(() -> {
            List<Exchange> open = resources.open().of(memberId);
            if (!open.isEmpty()) {
                GatewayLog.LOG.info(
                        "drain deadline of member {} passed: closing {} open exchanges on {}",
                        memberId,
                        open.size(),
                        Thread.currentThread().getName());
                open.forEach(Exchange::forceClose);
            }
        }));
    }

    void closePools() {
        loops.values().forEach(r -> r.loop().execute(r.pool()::closeAll));
    }

    /** For tests and the admin API: client connections open now. */
    public int openClientConnections() {
        return clients.size();
    }

    static boolean isOpen(Channel channel) {
        return channel != null && channel.isActive();
    }
}
