package dev.nonstop.gateway.contract.client;

import java.util.Objects;

/**
 * The counters of one group of an app on one gateway, as {@code GET /admin/stats/apps/{app}/groups}
 * reports them: cumulative since the gateway started (subtract two snapshots with {@link #minus} for
 * a window).
 *
 * @param version the group's version in the table, {@code null} when it has none
 * @param requests requests sent to the group's members
 * @param responses5xx responses with a 5xx status
 * @param errors exchanges that failed without a response (connect, reset, timeout)
 * @param latency time from request head received to response completed
 * @param usersPinned pin cookies this gateway set for the group
 * @param activeUsers distinct users seen on the group in the last 5 minutes, estimated (a
 *     HyperLogLog per minute, about 3% error); a user is the value of the app's percent key, or the
 *     client address without one. Not cumulative: {@link #minus} keeps the later value.
 */
public record GroupCounters(
        String group,
        String version,
        long requests,
        long responses5xx,
        long errors,
        LatencyHistogram latency,
        long usersPinned,
        long activeUsers) {

    public GroupCounters {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(latency, "latency");
    }

    /** Responses with a 5xx status plus exchanges without a response. */
    public long failures() {
        return responses5xx + errors;
    }

    /** {@link #failures()} per request, 0 without requests. */
    public double errorRatio() {
        return requests == 0 ? 0 : (double) failures() / requests;
    }

    /**
     * What happened since {@code earlier}, a snapshot of the same group taken before this one. A
     * counter that went down (the gateway restarted) counts from zero.
     */
    public GroupCounters minus(GroupCounters earlier) {
        return new GroupCounters(
                group,
                version,
                delta(requests, earlier.requests),
                delta(responses5xx, earlier.responses5xx),
                delta(errors, earlier.errors),
                latency.minus(earlier.latency),
                delta(usersPinned, earlier.usersPinned),
                activeUsers);
    }

    /** The same group's counters on several gateways, added up ({@code activeUsers} too, an upper bound). */
    public static GroupCounters sum(java.util.List<GroupCounters> perGateway) {
        if (perGateway.isEmpty()) {
            throw new IllegalArgumentException("perGateway: empty (expected: at least one gateway's counters)");
        }
        GroupCounters first = perGateway.get(0);
        long requests = 0;
        long responses5xx = 0;
        long errors = 0;
        long pinned = 0;
        long active = 0;
        for (GroupCounters c : perGateway) {
            requests += c.requests;
            responses5xx += c.responses5xx;
            errors += c.errors;
            pinned += c.usersPinned;
            active += c.activeUsers;
        }
        return new GroupCounters(
                first.group,
                first.version,
                requests,
                responses5xx,
                errors,
                LatencyHistogram.merge(
                        perGateway.stream().map(GroupCounters::latency).toList()),
                pinned,
                active);
    }

    private static long delta(long now, long before) {
        return now >= before ? now - before : now;
    }
}
