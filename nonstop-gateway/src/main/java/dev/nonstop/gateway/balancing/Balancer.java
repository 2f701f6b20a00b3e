package dev.nonstop.gateway.balancing;

import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.Balancing;
import java.util.List;
import java.util.Set;

/**
 * Picks the member for a request that is not pinned to one. Built once per table version from the
 * app's members in table order; safe to call from every event loop at once.
 */
public sealed interface Balancer permits WeightedRoundRobinBalancer, LeastInFlightBalancer {

    /**
     * @param exclude ids of members already tried for this request
     * @return a member that is ACTIVE, has weight and is healthy, or {@code null} when none is
     */
    MemberHandle pick(Set<String> exclude);

    static Balancer of(App app, List<MemberHandle> members) {
        return app.balancing() == Balancing.LEAST_IN_FLIGHT
                ? new LeastInFlightBalancer(members)
                : new WeightedRoundRobinBalancer(members);
    }
}
