package dev.nonstop.gateway.balancing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.Balancing;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.MemberState;
import dev.nonstop.gateway.stats.GatewayStats;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BalancerTest {
    private final GatewayStats stats = new GatewayStats();

    private List<MemberHandle> handles(Member... members) {
        List<MemberHandle> out = new ArrayList<>();
        for (Member m : members) {
            out.add(new MemberHandle(
                    m, stats.member(m.id(), "app"), InetSocketAddress.createUnresolved(m.host(), m.port())));
        }
        return out;
    }

    private static Map<String, Long> pickCounts(Balancer balancer, int picks) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < picks; i++) {
            ids.add(balancer.pick(Set.of()).id());
        }
        return ids.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    @Test
    void roundRobinSharesRequestsByWeightExactly() {
        Balancer balancer = Balancer.of(
                App.of("app"),
                handles(
                        new Member("a", "h", 1, 50, MemberState.ACTIVE),
                        new Member("b", "h", 2, 30, MemberState.ACTIVE),
                        new Member("c", "h", 3, 20, MemberState.ACTIVE)));

        assertThat(pickCounts(balancer, 1000))
                .containsEntry("a", 500L)
                .containsEntry("b", 300L)
                .containsEntry("c", 200L);
    }

    @Test
    void roundRobinInterleavesInsteadOfBursting() {
        Balancer balancer = Balancer.of(
                App.of("app"),
                handles(
                        new Member("a", "h", 1, 2, MemberState.ACTIVE),
                        new Member("b", "h", 2, 1, MemberState.ACTIVE)));

        List<String> sequence = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sequence.add(balancer.pick(Set.of()).id());
        }
        assertThat(sequence).containsExactly("a", "b", "a", "a", "b", "a");
    }

    @Test
    void membersThatAreNotActiveOrHaveNoWeightGetNoNewRequests() {
        Balancer balancer = Balancer.of(
                App.of("app"),
                handles(
                        Member.active("a", "h", 1),
                        Member.active("b", "h", 2).withState(MemberState.DRAINING),
                        Member.active("c", "h", 3).withState(MemberState.OUT),
                        Member.active("d", "h", 4).withState(MemberState.STANDBY),
                        Member.active("e", "h", 5).withWeight(0)));

        assertThat(pickCounts(balancer, 100)).containsOnlyKeys("a");
    }

    @Test
    void unhealthyAndAlreadyTriedMembersAreSkipped() {
        List<MemberHandle> members =
                handles(Member.active("a", "h", 1), Member.active("b", "h", 2), Member.active("c", "h", 3));
        members.get(1).stats().markHealthy(false);
        for (Balancing balancing : Balancing.values()) {
            Balancer balancer = Balancer.of(App.of("app").withBalancing(balancing), members);
            for (int i = 0; i < 50; i++) {
                assertThat(balancer.pick(Set.of("a")).id()).isEqualTo("c");
            }
            assertThat(balancer.pick(Set.of("a", "c"))).isNull();
        }
    }

    @Test
    void leastInFlightPrefersTheLessLoadedMember() {
        List<MemberHandle> members = handles(Member.active("busy", "h", 1), Member.active("idle", "h", 2));
        for (int i = 0; i < 10; i++) {
            members.get(0).stats().requestStarted();
        }
        Balancer balancer = Balancer.of(App.of("app").withBalancing(Balancing.LEAST_IN_FLIGHT), members);

        Map<String, Long> counts = pickCounts(balancer, 200);

        // The two draws are distinct, so with two members idle is compared with busy every time.
        assertThat(counts).containsOnlyKeys("idle");
    }

    @Test
    void leastInFlightNeverPicksTheBusiestOfThreeWhileOthersAreFree() {
        List<MemberHandle> members = handles(
                Member.active("busy", "h", 1), Member.active("idle-1", "h", 2), Member.active("idle-2", "h", 3));
        for (int i = 0; i < 10; i++) {
            members.get(0).stats().requestStarted();
        }
        Balancer balancer = Balancer.of(App.of("app").withBalancing(Balancing.LEAST_IN_FLIGHT), members);

        Map<String, Long> counts = pickCounts(balancer, 3000);

        // Any pair of distinct members holds an idle one; each idle one gets about half.
        assertThat(counts).containsOnlyKeys("idle-1", "idle-2");
        assertThat(counts.get("idle-1")).isBetween(1200L, 1800L);
    }

    @Test
    void hugeWeightsAreScaledToABoundedSchedule() {
        List<MemberHandle> members = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            members.addAll(handles(new Member("m" + i, "h", i + 1, 10_000 - i, MemberState.ACTIVE)));
        }
        assertThat(WeightedRoundRobinBalancer.schedule(members))
                .hasSizeLessThanOrEqualTo(WeightedRoundRobinBalancer.MAX_SCHEDULE + 50);
    }
}
