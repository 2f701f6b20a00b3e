package dev.nonstop.gateway.admin;

import dev.nonstop.common.fencing.FencingTokenRegistry;
import dev.nonstop.gateway.Gateway;
import dev.nonstop.gateway.contract.MemberState;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.gateway.routing.RoutingTableHolder;
import dev.nonstop.gateway.stats.GatewayStats;
import java.time.Duration;

/**
 * What the admin API controls: the part of {@link Gateway} it calls. Unit tests give the handlers
 * an in-memory table instead of a running proxy.
 */
interface AdminTarget {
    RoutingTableHolder tables();

    GatewayStats stats();

    /** See {@link Gateway#fencing}. */
    FencingTokenRegistry fencing();

    /** See {@link Gateway#setMemberState}. */
    RoutingTable setMemberState(String memberId, MemberState state, Duration drainDeadline);

    /** See {@link Gateway#setMemberWeight}. */
    RoutingTable setMemberWeight(String memberId, int weight);

    static AdminTarget of(Gateway gateway) {
        return new AdminTarget() {
            @Override
            public RoutingTableHolder tables() {
                return gateway.tables();
            }

            @Override
            public GatewayStats stats() {
                return gateway.stats();
            }

            @Override
            public FencingTokenRegistry fencing() {
                return gateway.fencing();
            }

            @Override
            public RoutingTable setMemberState(String memberId, MemberState state, Duration drainDeadline) {
                return gateway.setMemberState(memberId, state, drainDeadline);
            }

            @Override
            public RoutingTable setMemberWeight(String memberId, int weight) {
                return gateway.setMemberWeight(memberId, weight);
            }
        };
    }
}
