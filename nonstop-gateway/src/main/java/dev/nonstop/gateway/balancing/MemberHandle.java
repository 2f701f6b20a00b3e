package dev.nonstop.gateway.balancing;

import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.stats.GroupStats;
import dev.nonstop.gateway.stats.MemberStats;
import java.net.InetSocketAddress;

/**
 * A member as the proxy uses it: the table's value, its live counters and its address, resolved
 * once when the table is put in force (never on an event loop), and the counters of its group.
 *
 * @param group the counters of the member's group, {@code null} when not counted (tests)
 */
public record MemberHandle(Member member, MemberStats stats, InetSocketAddress address, GroupStats group) {

    public MemberHandle(Member member, MemberStats stats, InetSocketAddress address) {
        this(member, stats, address, null);
    }

    public String id() {
        return member.id();
    }

    /** May take requests the balancer chooses freely. */
    public boolean eligible() {
        return member.state().acceptsNewRequests() && member.weight() > 0 && stats.healthy();
    }

    /** May take a request pinned to it by a sticky cookie. */
    public boolean acceptsPinned() {
        return member.state().acceptsPinnedRequests() && stats.healthy();
    }
}
