package dev.nonstop.gateway.balancing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Smooth weighted round-robin, lock-free: the schedule nginx's algorithm would produce is computed
 * once per table version, and each pick takes the next slot with one atomic increment. Members that
 * are down or excluded are skipped, so the others keep their relative shares.
 */
public final class WeightedRoundRobinBalancer implements Balancer {
    static final int MAX_SCHEDULE = 4096;

    private final MemberHandle[] schedule;
    private final AtomicLong cursor = new AtomicLong();

    WeightedRoundRobinBalancer(List<MemberHandle> members) {
        this.schedule = schedule(members.stream()
                .filter(m ->
                        m.member().state().acceptsNewRequests() && m.member().weight() > 0)
                .toList());
    }

    static MemberHandle[] schedule(List<MemberHandle> members) {
        if (members.isEmpty()) {
            return new MemberHandle[0];
        }
        int[] weights = members.stream().mapToInt(m -> m.member().weight()).toArray();
        int gcd = weights[0];
        long total = 0;
        for (int w : weights) {
            gcd = gcd(gcd, w);
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= gcd;
            total += weights[i];
        }
        if (total > MAX_SCHEDULE) {
            // Scale down, keeping every member at least once, so huge weights stay cheap.
            double scale = (double) MAX_SCHEDULE / total;
            total = 0;
            for (int i = 0; i < weights.length; i++) {
                weights[i] = Math.max(1, (int) Math.round(weights[i] * scale));
                total += weights[i];
            }
        }
        List<MemberHandle> out = new ArrayList<>((int) total);
        long[] current = new long[weights.length];
        for (long slot = 0; slot < total; slot++) {
            int best = 0;
            for (int i = 0; i < weights.length; i++) {
                current[i] += weights[i];
                if (current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= total;
            out.add(members.get(best));
        }
        return out.toArray(MemberHandle[]::new);
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    @Override
    public MemberHandle pick(Set<String> exclude) {
        int n = schedule.length;
        if (n == 0) {
            return null;
        }
        long start = cursor.getAndIncrement();
        for (int i = 0; i < n; i++) {
            MemberHandle candidate = schedule[(int) Math.floorMod(start + i, (long) n)];
            if (candidate.stats().healthy() && !exclude.contains(candidate.id())) {
                if (i > 0) {
                    cursor.addAndGet(i);
                }
                return candidate;
            }
        }
        return null;
    }
}
