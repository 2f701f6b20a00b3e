package dev.nonstop.gateway;

import dev.nonstop.gateway.routing.MemberState;
import dev.nonstop.gateway.routing.RoutingTable;
import dev.nonstop.gateway.routing.RoutingTableHolder;
import dev.nonstop.gateway.stats.GatewayStats;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A running gateway: the HTTP reverse proxy, its routing table and its counters. Start one with
 * {@link #start}; {@link #close()} stops it gracefully (stop accepting, finish in-flight exchanges
 * within {@link GatewaySettings#shutdownTimeout()}, then close).
 */
public final class Gateway implements AutoCloseable {

    private Gateway() {}

    public static Gateway start(GatewaySettings settings, RoutingTable initialTable) {
        throw new UnsupportedOperationException("being written");
    }

    /** The address the proxy listens on (with the real port when configured with port 0). */
    public InetSocketAddress address() {
        throw new UnsupportedOperationException("being written");
    }

    public RoutingTableHolder tables() {
        throw new UnsupportedOperationException("being written");
    }

    public GatewayStats stats() {
        throw new UnsupportedOperationException("being written");
    }

    /**
     * Sets a member's state in a new table version. When {@code drainDeadline} is given and the new
     * state takes the member out of rotation (DRAINING, OUT, STANDBY), exchanges still open to it
     * when the deadline passes (upgraded connections, long responses) are closed and counted as
     * forced closures.
     *
     * @return the table now in force
     */
    public RoutingTable setMemberState(String memberId, MemberState state, Duration drainDeadline) {
        throw new UnsupportedOperationException("being written");
    }

    /** Sets a member's weight in a new table version; returns the table now in force. */
    public RoutingTable setMemberWeight(String memberId, int weight) {
        throw new UnsupportedOperationException("being written");
    }

    /**
     * Stops accepting, lets in-flight exchanges finish up to {@code timeout}, then closes the rest.
     *
     * @return true when everything finished in time
     */
    public boolean shutdownGracefully(Duration timeout) {
        throw new UnsupportedOperationException("being written");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("being written");
    }
}
