package dev.nonstop.controller.runner;

import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.MemberState;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.gateway.contract.client.GatewayAdminClient;
import dev.nonstop.gateway.contract.client.GatewayNotFoundException;
import dev.nonstop.gateway.contract.client.GroupCounters;
import dev.nonstop.gateway.contract.client.MemberCounters;
import dev.nonstop.gateway.contract.client.TableVersionConflictException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

/**
 * A release's view of every gateway's routing table, in the table's own types: one member's state, weight and
 * counters, the member routed or taken out. The edits of one release, walked on several threads, go one at a time,
 * so they do not conflict with each other; an edit that loses to another editor (an operator, another controller)
 * reads the table again and is tried again after a jittered pause ({@link ConflictBackoff#TABLE_EDITS}).
 */
final class GatewayTables {
    private final List<GatewayAdminClient> gateways;
    private final Waiter waiter;
    private final Object edits = new Object();

    GatewayTables(List<GatewayAdminClient> gateways, Waiter waiter) {
        this.gateways = List.copyOf(gateways);
        this.waiter = waiter;
    }

    /**
     * The member {@link MemberState#DRAINING} on every gateway.
     *
     * @return per gateway, the table version in force, or {@code absent} where the member is not routed (a route or
     *     a removal that reached only some gateways): nothing to drain there
     */
    List<String> markDraining(String memberId, Duration deadline) {
        List<String> versions = new ArrayList<>();
        synchronized (edits) {
            for (GatewayAdminClient g : gateways) {
                try {
                    versions.add(String.valueOf(g.setMemberState(memberId, MemberState.DRAINING, deadline)));
                } catch (GatewayNotFoundException e) {
                    versions.add("absent");
                }
            }
        }
        return versions;
    }

    /** The member's requests in flight, summed over the gateways; a gateway without the member counts none. */
    int inFlight(String memberId) {
        return work(memberId).inFlight();
    }

    /** What the gateways still carry to a member: requests in flight and open upgraded connections. */
    record GatewayWork(int inFlight, int upgradedConnections) {
        boolean isNone() {
            return inFlight == 0 && upgradedConnections == 0;
        }
    }

    /** The member's requests in flight and open upgraded connections, summed over the gateways. */
    GatewayWork work(String memberId) {
        int inFlight = 0;
        int upgraded = 0;
        for (GatewayAdminClient g : gateways) {
            try {
                MemberCounters counters = g.memberStats(memberId);
                inFlight += counters.inFlight();
                upgraded += counters.upgradedConnections();
            } catch (GatewayNotFoundException e) {
                // not in that gateway's table: nothing in flight there
            }
        }
        return new GatewayWork(inFlight, upgraded);
    }

    /**
     * The member's counters on each gateway, in gateway order.
     *
     * @param absentAsZero whether a gateway without the member counts zeros (a member new to a gateway has no
     *     counters there yet) rather than failing with {@link GatewayNotFoundException}
     */
    List<MemberCounters> counters(String memberId, boolean absentAsZero) {
        List<MemberCounters> all = new ArrayList<>();
        for (GatewayAdminClient g : gateways) {
            try {
                all.add(g.memberStats(memberId));
            } catch (GatewayNotFoundException e) {
                if (!absentAsZero) {
                    throw e;
                }
                all.add(new MemberCounters(memberId, 0, 0, 0, 0));
            }
        }
        return all;
    }

    /** The member's weight on every gateway. */
    void setWeight(String memberId, int weight) {
        synchronized (edits) {
            for (GatewayAdminClient g : gateways) {
                g.setMemberWeight(memberId, weight);
            }
        }
    }

    /**
     * {@code member} as it is (its weight and state) on every gateway, with as few calls as it takes: one read of
     * the table, then nothing (already so), one table replace (absent: added to {@code app}), or a weight and a
     * state change.
     *
     * @return per gateway, the table version in force
     */
    List<Long> route(String app, Member member) {
        List<Long> versions = new ArrayList<>();
        for (GatewayAdminClient g : gateways) {
            versions.add(edit(g, table -> {
                Optional<Member> current = table.member(member.id());
                if (current.isEmpty()) {
                    return g.replaceTable(table.withMemberAdded(app, member), table.version());
                }
                long version = table.version();
                if (current.get().weight() != member.weight()) {
                    version = g.setMemberWeight(member.id(), member.weight());
                }
                if (current.get().state() != member.state()) {
                    version = g.setMemberState(member.id(), member.state(), null);
                }
                return version;
            }));
        }
        return versions;
    }

    /** Whether any gateway has the member. */
    boolean isRouted(String memberId) {
        for (GatewayAdminClient g : gateways) {
            if (g.table().member(memberId).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The member out of every table.
     *
     * @return per gateway, the table version in force
     */
    List<Long> remove(String memberId) {
        List<Long> versions = new ArrayList<>();
        for (GatewayAdminClient g : gateways) {
            versions.add(edit(
                    g,
                    table -> table.member(memberId).isPresent()
                            ? g.replaceTable(table.withoutMember(memberId), table.version())
                            : table.version()));
        }
        return versions;
    }

    /**
     * {@code app} as {@code change} makes it from its current form, on every gateway: one read of the table, then
     * nothing (already so) or one table replace. Idempotent when {@code change} is (it computes the wanted app from
     * what it is given).
     *
     * @return per gateway, the table version in force
     * @throws StepFailedException when a gateway's table has no such app
     */
    List<Long> editApp(String app, UnaryOperator<App> change) {
        List<Long> versions = new ArrayList<>();
        for (GatewayAdminClient g : gateways) {
            versions.add(edit(g, table -> {
                App current = table.app(app)
                        .orElseThrow(
                                () -> new StepFailedException("app " + app + " is not in the table of " + g.base()));
                App wanted = change.apply(current);
                if (wanted.equals(current)) {
                    return table.version();
                }
                List<App> apps = new ArrayList<>(table.apps());
                apps.set(apps.indexOf(current), wanted);
                return g.replaceTable(new RoutingTable(table.version() + 1, table.routes(), apps), table.version());
            }));
        }
        return versions;
    }

    /**
     * The counters of each group of {@code app} on each gateway, in gateway order; a gateway that does not know the
     * app (yet) counts none.
     */
    List<Map<String, GroupCounters>> groupStats(String app) {
        List<Map<String, GroupCounters>> all = new ArrayList<>();
        for (GatewayAdminClient g : gateways) {
            Map<String, GroupCounters> byGroup = new LinkedHashMap<>();
            try {
                for (GroupCounters c : g.groupStats(app)) {
                    byGroup.put(c.group(), c);
                }
            } catch (GatewayNotFoundException e) {
                // no such app there yet: nothing counted
            }
            all.add(byGroup);
        }
        return all;
    }

    /**
     * Applies {@code edit} to the table in force on {@code g}, and again to a fresh read while it loses to another
     * change ({@link TableVersionConflictException}).
     *
     * @param edit given the table in force, makes its calls and returns the version in force after them
     * @throws StepFailedException when the table kept changing for every attempt
     */
    long edit(GatewayAdminClient g, ToLongFunction<RoutingTable> edit) {
        synchronized (edits) {
            TableVersionConflictException conflict = null;
            for (int attempt = 0; attempt < ConflictBackoff.TABLE_EDITS.attempts(); attempt++) {
                if (attempt > 0) {
                    waiter.hold(
                            ConflictBackoff.TABLE_EDITS.delay(attempt, ThreadLocalRandom.current()::nextDouble),
                            () -> false);
                }
                try {
                    return edit.applyAsLong(g.table());
                } catch (TableVersionConflictException e) {
                    conflict = e; // another change came first: read again
                }
            }
            throw new StepFailedException(
                    "table of " + g.base() + " kept changing (" + ConflictBackoff.TABLE_EDITS.attempts() + " attempts)",
                    conflict);
        }
    }
}
