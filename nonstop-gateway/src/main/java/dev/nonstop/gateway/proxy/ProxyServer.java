package dev.nonstop.gateway.proxy;

import dev.nonstop.gateway.GatewaySettings;
import dev.nonstop.gateway.GatewayStartException;
import dev.nonstop.gateway.balancing.MemberHandle;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.gateway.health.HealthChecker;
import dev.nonstop.gateway.stats.GatewayStats;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The proxy's moving parts: event loops, the acceptor, the shared {@link ProxyContext}. Owned by
 * {@link dev.nonstop.gateway.Gateway}; this class only exists so the proxy's internals stay
 * package-private.
 */
public final class ProxyServer {
    private final ProxyContext context;
    private final EventLoopGroup workers;
    private final java.util.concurrent.ConcurrentMap<String, java.util.concurrent.ScheduledFuture<?>> drainDeadlines =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final Acceptor acceptor;
    private final Object installLock = new Object();

    private ProxyServer(ProxyContext context, EventLoopGroup workers, Acceptor acceptor) {
        this.context = context;
        this.workers = workers;
        this.acceptor = acceptor;
    }

    public static ProxyServer start(GatewaySettings settings, GatewayStats stats, RoutingTable table) {
        Transport transport = Transport.best();
        int threads = settings.eventLoops() == 0 ? Runtime.getRuntime().availableProcessors() : settings.eventLoops();
        EventLoopGroup workers = transport.newGroup(threads, "nonstop-gateway");
        ProxyContext context = new ProxyContext(settings, stats, transport, workers);
        context.table(CompiledTable.compile(table, stats));
        try {
            Acceptor acceptor = Acceptor.bind(settings, transport, workers, new ClientChannelInitializer(context));
            return new ProxyServer(context, workers, acceptor);
        } catch (Exception e) {
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new GatewayStartException("cannot listen on " + settings.listen() + ": " + e.getMessage(), e);
        }
    }

    /** The event loops; tests use them to hold the proxy still between two network events. */
    EventLoopGroup workers() {
        return workers;
    }

    /** Puts a table in force unless a newer one already is. */
    public void install(RoutingTable table) {
        synchronized (installLock) {
            if (table.version() > context.table().version()) {
                context.table(CompiledTable.compile(table, context.stats));
            }
        }
    }

    public long versionInForce() {
        return context.table().version();
    }

    public InetSocketAddress address() {
        return acceptor.address();
    }

    public String transportName() {
        return context.transport.name().toLowerCase(java.util.Locale.ROOT);
    }

    public HealthChecker newHealthChecker(Supplier<RoutingTable> tables) {
        return new HealthChecker(workers.next(), context.transport.socketChannel(), tables, context.stats, id -> {
            MemberHandle handle = context.table().member(id);
            return handle == null ? null : handle.address();
        });
    }

    /**
     * After {@code deadline}, closes the exchanges still open to the member if {@code stillOut}
     * says it is still out of rotation then.
     */
    public void scheduleDrainDeadline(String memberId, Duration deadline, BooleanSupplier stillOut) {
        java.util.concurrent.ScheduledFuture<?> next = workers.next()
                .schedule(
                        () -> {
                            if (stillOut.getAsBoolean()) {
                                context.forceCloseExchanges(memberId);
                            }
                        },
                        deadline.toNanos(),
                        TimeUnit.NANOSECONDS);
        java.util.concurrent.ScheduledFuture<?> earlier = drainDeadlines.put(memberId, next);
        if (earlier != null) {
            earlier.cancel(false); // a new drain brings its own deadline
        }
    }

    /** Forgets the member's pending drain deadline, if any: it takes new requests again. */
    public void cancelDrainDeadline(String memberId) {
        java.util.concurrent.ScheduledFuture<?> earlier = drainDeadlines.remove(memberId);
        if (earlier != null) {
            earlier.cancel(false);
        }
    }

    /** Stops accepting, asks every connection to finish its exchange, waits, then closes the rest. */
    public boolean shutdownGracefully(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        acceptor.stop();
        context.startShutdown();
        for (Channel client : context.clients) {
            client.eventLoop().execute(() -> {
                FrontendHandler frontend = client.pipeline().get(FrontendHandler.class);
                if (frontend != null) {
                    frontend.shutdown();
                } else {
                    client.close();
                }
            });
        }
        boolean drained = context.clients
                .newCloseFuture()
                .awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (!drained) {
            context.clients.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
        context.closePools();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        return drained;
    }
}
