package dev.nonstop.gateway.proxy;

import dev.nonstop.gateway.balancing.Balancer;
import dev.nonstop.gateway.balancing.MemberHandle;
import dev.nonstop.gateway.contract.App;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One app of the table in force, ready for the proxy: its balancer and its members by id, and for an
 * app with gray routing, its {@link GroupRouter} (each group then has its own balancer).
 *
 * @param router {@code null} when the app has no gray routing: all its members are balanced together
 */
record AppRuntime(
        App app,
        Balancer balancer,
        List<MemberHandle> members,
        Map<String, MemberHandle> membersById,
        GroupRouter router) {

    AppRuntime(App app, Balancer balancer, List<MemberHandle> members, Map<String, MemberHandle> membersById) {
        this(app, balancer, members, membersById, null);
    }

    /** The sticky cookie's name, or {@code null} when sticky sessions are off. */
    String stickyCookie() {
        return app.sticky() == null ? null : app.sticky().cookieName();
    }

    /**
     * The member for a request: the one its sticky cookie names if that member still takes pinned
     * requests, otherwise the balancer's choice.
     */
    MemberHandle choose(String pinnedMemberId, Set<String> exclude) {
        return choose(balancer, membersById, pinnedMemberId, exclude);
    }

    static MemberHandle choose(
            Balancer balancer, Map<String, MemberHandle> membersById, String pinnedMemberId, Set<String> exclude) {
        if (pinnedMemberId != null && !exclude.contains(pinnedMemberId)) {
            MemberHandle pinned = membersById.get(pinnedMemberId);
            if (pinned != null && pinned.acceptsPinned()) {
                return pinned;
            }
        }
        return balancer.pick(exclude);
    }
}
