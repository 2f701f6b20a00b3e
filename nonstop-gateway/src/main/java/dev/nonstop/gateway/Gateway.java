package dev.nonstop.gateway;

import dev.nonstop.common.fencing.FencingTokenRegistry;
import dev.nonstop.gateway.contract.MemberState;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.gateway.health.HealthChecker;
import dev.nonstop.gateway.proxy.ProxyServer;
import dev.nonstop.gateway.routing.RoutingTableHolder;
import dev.nonstop.gateway.stats.GatewayStats;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: the HTTP reverse proxy, its routing table and its counters. Start one with
 * {@link #start}; {@link #close()} stops it gracefully (stop accepting, finish in-flight exchanges
 * within {@link GatewaySettings#shutdownTimeout()}, then close).
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    /** The file in {@link GatewaySettings#dataDir()} where the highest fencing tokens survive a restart. */
    public static final String FENCING_FILE = "gateway-fencing.json";
    /** The warm-up stops after this many exchanges, if its time budget has not run out before. */
    static final long WARM_UP_EXCHANGES = 30_000;

    private final GatewaySettings settings;
    private final RoutingTableHolder tables;
    private final GatewayStats stats;
    private final ProxyServer proxy;
    private final HealthChecker health;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final FencingTokenRegistry fencing;

    private Gateway(GatewaySettings settings, RoutingTable initialTable) {
        this.settings = settings;
        // Read first: a corrupt fencing file stops the start before the proxy binds.
        this.fencing = settings.dataDir() == null
                ? FencingTokenRegistry.inMemory()
                : FencingTokenRegistry.persistent(settings.dataDir().resolve(FENCING_FILE));
        this.stats = new GatewayStats();
        this.tables = new RoutingTableHolder(initialTable);
        if (!settings.warmUp().isZero()) {
            GatewayWarmUp.Result warm = GatewayWarmUp.run(settings, settings.warmUp(), WARM_UP_EXCHANGES);
            LOG.info(
                    "gateway warmed up: {} exchanges on loopback in {} ms",
                    warm.exchanges(),
                    warm.took().toMillis());
        }
        this.proxy = ProxyServer.start(settings, stats, initialTable);
        // Compiled under the holder's order: the proxy always ends on the newest table.
        tables.addListener(ignored -> proxy.install(tables.current()));
        this.health = proxy.newHealthChecker(tables::current);
        health.start();
    }

    /**
     * Starts a gateway listening on {@link GatewaySettings#listen()}.
     *
     * @throws dev.nonstop.gateway.contract.InvalidTableException when the table is invalid
     * @throws GatewayStartException when the address cannot be bound
     * @throws dev.nonstop.common.fencing.FencingStateException when the fencing state in the data directory
     *     cannot be read
     */
    public static Gateway start(GatewaySettings settings, RoutingTable initialTable) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(initialTable, "initialTable");
        Gateway gateway = new Gateway(settings, initialTable);
        LOG.info(
                "gateway listening on {} ({} transport, table version {})",
                gateway.address(),
                gateway.proxy.transportName(),
                initialTable.version());
        return gateway;
    }

    /** The address the proxy listens on (with the real port when configured with port 0). */
    public InetSocketAddress address() {
        return proxy.address();
    }

    public GatewaySettings settings() {
        return settings;
    }

    public RoutingTableHolder tables() {
        return tables;
    }

    /** The version of the table the proxy routes by right now. */
    public long versionInForce() {
        return proxy.versionInForce();
    }

    public GatewayStats stats() {
        return stats;
    }

    /**
     * The highest fencing tokens seen per release; mutations sent by controllers are checked against it. Kept in
     * {@value #FENCING_FILE} in the {@link GatewaySettings#dataDir() data directory}, so a restarted gateway still
     * refuses a controller that lost its release.
     */
    public FencingTokenRegistry fencing() {
        return fencing;
    }

    /**
     * Sets a member's state in a new table version. When {@code drainDeadline} is given and the new
     * state takes the member out of rotation (DRAINING, OUT, STANDBY), exchanges still open to it
     * when the deadline passes (upgraded connections, long responses) are closed and counted as
     * forced closures.
     *
     * @param drainDeadline {@code null} for none
     * @return the table now in force
     * @throws dev.nonstop.gateway.contract.UnknownMemberException when no member has that id
     */
    public RoutingTable setMemberState(String memberId, MemberState state, Duration drainDeadline) {
        Objects.requireNonNull(state, "state");
        RoutingTable table = tables.update(t -> t.withMember(memberId, m -> m.withState(state)));
        if (state.acceptsNewRequests()) {
            proxy.cancelDrainDeadline(memberId); // an earlier drain's deadline must not cut a later one short
        }
        if (drainDeadline != null && !state.acceptsNewRequests()) {
            if (drainDeadline.isNegative()) {
                throw new IllegalArgumentException("drainDeadline: " + drainDeadline + " (expected: >= 0)");
            }
            proxy.scheduleDrainDeadline(memberId, drainDeadline, () -> tables.current()
                    .member(memberId)
                    .map(m -> !m.state().acceptsNewRequests())
                    .orElse(true));
        }
        return table;
    }

    /** Sets a member's weight in a new table version; returns the table now in force. */
    public RoutingTable setMemberWeight(String memberId, int weight) {
        return tables.update(t -> t.withMember(memberId, m -> m.withWeight(weight)));
    }

    /**
     * Stops accepting, lets in-flight exchanges finish up to {@code timeout}, then closes the rest.
     *
     * @return true when everything finished in time
     */
    public boolean shutdownGracefully(Duration timeout) {
        if (!closed.compareAndSet(false, true)) {
            return true;
        }
        health.close();
        boolean drained = proxy.shutdownGracefully(timeout);
        LOG.info(
                "gateway on {} stopped ({})",
                address(),
                drained ? "all exchanges finished" : "deadline passed, rest closed");
        return drained;
    }

    @Override
    public void close() {
        shutdownGracefully(settings.shutdownTimeout());
    }
}
