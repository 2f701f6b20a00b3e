package dev.nonstop.gateway.balancing;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Power of two choices: draws two distinct members at random and takes the one with fewer
 * in-flight requests per unit of weight. Needs no shared state, so it scales across event loops,
 * and avoids the herding of a strict least-connections scan.
 */
public final class LeastInFlightBalancer implements Balancer {
    private final MemberHandle[] members;

    LeastInFlightBalancer(List<MemberHandle> all) {
        this.members = all.stream()
                .filter(m ->
                        m.member().state().acceptsNewRequests() && m.member().weight() > 0)
                .toArray(MemberHandle[]::new);
    }

    @Override
    public MemberHandle pick(Set<String> exclude) {
        int n = members.length;
        if (n == 0) {
            return null;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int first = random.nextInt(n);
        MemberHandle a = usable(members[first], exclude);
        MemberHandle b = null;
        if (n > 1) {
            int second = random.nextInt(n - 1); // any other member: the two draws are distinct
            b = usable(members[second >= first ? second + 1 : second], exclude);
        }
        if (a != null && b != null) {
            return lessLoaded(a, b);
        }
        if (a != null || b != null) {
            return a != null ? a : b;
        }
        // Both draws were unusable: scan once, so a single healthy member is always found.
        MemberHandle best = null;
        int offset = random.nextInt(n);
        for (int i = 0; i < n; i++) {
            MemberHandle candidate = usable(members[(offset + i) % n], exclude);
            if (candidate != null) {
                best = best == null ? candidate : lessLoaded(best, candidate);
            }
        }
        return best;
    }

    private static MemberHandle usable(MemberHandle m, Set<String> exclude) {
        return m.stats().healthy() && !exclude.contains(m.id()) ? m : null;
    }

    private static MemberHandle lessLoaded(MemberHandle a, MemberHandle b) {
        long loadA = (long) a.stats().inFlight() * b.member().weight();
        long loadB = (long) b.stats().inFlight() * a.member().weight();
        return loadA <= loadB ? a : b;
    }
}
