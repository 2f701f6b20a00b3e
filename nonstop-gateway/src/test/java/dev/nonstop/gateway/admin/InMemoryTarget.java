package dev.nonstop.gateway.admin;

import dev.nonstop.common.fencing.FencingTokenRegistry;
import dev.nonstop.gateway.contract.MemberState;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.gateway.routing.RoutingTableHolder;
import dev.nonstop.gateway.stats.GatewayStats;
import java.time.Duration;

/** A gateway without a proxy: a table holder and counters, for the admin handlers' unit tests. */
final class InMemoryTarget implements AdminTarget {
    private final RoutingTableHolder tables;
    private final GatewayStats stats = new GatewayStats();
    private final FencingTokenRegistry fencing = FencingTokenRegistry.inMemory();

    InMemoryTarget(RoutingTable initial) {
        this.tables = new RoutingTableHolder(initial);
    }

    @Override
    public RoutingTableHolder tables() {
        return tables;
    }

    @Override
    public GatewayStats stats() {
        return stats;
    }

    @Override
    public FencingTokenRegistry fencing() {
        return fencing;
    }

    @Override
    public RoutingTable setMemberState(String memberId, MemberState state, Duration drainDeadline) {
        return tables.update(t -> t.withMember(memberId, m -> m.withState(state)));
    }

    @Override
    public RoutingTable setMemberWeight(String memberId, int weight) {
        return tables.update(t -> t.withMember(memberId, m -> m.withWeight(weight)));
    }
}
