package dev.nonstop.gateway.proxy;

import dev.nonstop.gateway.balancing.Balancer;
import dev.nonstop.gateway.balancing.MemberHandle;
import dev.nonstop.gateway.contract.PinCookie;
import dev.nonstop.gateway.stats.GroupStats;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One group of an app with gray routing, ready for the proxy: its own balancer over its members
 * (weights, drains and in-flight counts stay per member), its counters, and the {@code Set-Cookie}
 * line that pins a user to it, encoded once per table.
 */
final class GroupRuntime {
    final String name;
    final byte[] nameBytes;
    final int index;
    final Balancer balancer;
    final List<MemberHandle> members;
    final Map<String, MemberHandle> membersById;
    final GroupStats stats;
    /** {@code set-cookie: <pin>=<name>; Path=/; HttpOnly; SameSite=Lax[; Max-Age=n]\r\n}. */
    final byte[] pinLine;

    GroupRuntime(
            String name,
            int index,
            Balancer balancer,
            List<MemberHandle> members,
            Map<String, MemberHandle> membersById,
            GroupStats stats,
            PinCookie pin) {
        this.name = name;
        this.nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        this.index = index;
        this.balancer = balancer;
        this.members = members;
        this.membersById = membersById;
        this.stats = stats;
        this.pinLine = ("set-cookie: " + pin.name() + "=" + name + "; Path=/; HttpOnly; SameSite=Lax"
                        + (pin.maxAge() == null
                                ? ""
                                : "; Max-Age=" + pin.maxAge().getSeconds())
                        + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether a member of the group can take a new request now (ACTIVE, with weight, healthy). */
    boolean available() {
        for (MemberHandle m : members) {
            if (m.eligible()) {
                return true;
            }
        }
        return false;
    }

    /** The member for a request in this group: its sticky member if still allowed, else the balancer's choice. */
    MemberHandle choose(String pinnedMemberId, Set<String> exclude) {
        return AppRuntime.choose(balancer, membersById, pinnedMemberId, exclude);
    }

    @Override
    public String toString() {
        return "group " + name;
    }
}
