package dev.nonstop.gateway.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.common.problem.Problem;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingTableValidatorTest {

    private static RoutingTable table(Member... members) {
        return new RoutingTable(1, List.of(Route.any("shop")), List.of(App.of("shop", members)));
    }

    @Test
    void aValidTableHasNoProblems() {
        assertThat(RoutingTableValidator.validate(table(Member.active("a", "127.0.0.1", 8080))))
                .isEmpty();
    }

    @Test
    void everyProblemIsNamedWithThePathOfItsField() {
        RoutingTable bad = new RoutingTable(
                1,
                List.of(new Route(null, "api", "nope")),
                List.of(App.of(
                        "shop",
                        Member.active("a", "127.0.0.1", 8080),
                        new Member("a", "", 70000, -1, MemberState.ACTIVE))));

        assertThat(RoutingTableValidator.validate(bad))
                .extracting(Problem::toString)
                .containsExactlyInAnyOrder(
                        "apps[0].groups[0].members[1].id: a (expected: an id no other member has)",
                        "apps[0].groups[0].members[1].host: \"\" (expected: a host name or IP address)",
                        "apps[0].groups[0].members[1].port: 70000 (expected: 1-65535)",
                        "apps[0].groups[0].members[1].weight: -1 (expected: 0-10000)",
                        "routes[0].pathPrefix: api (expected: a path starting with /)",
                        "routes[0].app: nope (expected: one of the apps [shop])");
    }

    @Test
    void healthCheckSettingsAreChecked() {
        App app = App.of("shop", Member.active("a", "127.0.0.1", 8080))
                .withHealthCheck(new HealthCheck("health", Duration.ZERO, Duration.ofSeconds(1), 0, 1));
        RoutingTable bad = new RoutingTable(1, List.of(), List.of(app));

        assertThat(RoutingTableValidator.validate(bad))
                .extracting(Problem::path)
                .containsExactlyInAnyOrder(
                        "apps[0].healthCheck.path", "apps[0].healthCheck.interval", "apps[0].healthCheck.rise");
    }

    @Test
    void addingAMemberPutsItInTheAppsFirstGroupAndIncrementsTheVersion() {
        RoutingTable table = table(Member.active("a", "127.0.0.1", 8080));
        Member b = new Member("b", "127.0.0.1", 8081, 1, MemberState.ACTIVE);

        RoutingTable added = table.withMemberAdded("shop", b);

        assertThat(added.version()).isEqualTo(2);
        assertThat(added.apps().get(0).groups().get(0).members())
                .containsExactly(Member.active("a", "127.0.0.1", 8080), b);
        assertThatThrownBy(() -> added.withMemberAdded("shop", b))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already in the routing table");
        assertThatThrownBy(() -> table.withMemberAdded("blog", b))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("app blog is not in the routing table");
    }

    @Test
    void removingAMemberKeepsTheOthersAndIncrementsTheVersion() {
        RoutingTable table = table(Member.active("a", "127.0.0.1", 8080), Member.active("b", "127.0.0.1", 8081));

        RoutingTable removed = table.withoutMember("a");

        assertThat(removed.version()).isEqualTo(2);
        assertThat(removed.members()).extracting(Member::id).containsExactly("b");
        assertThatThrownBy(() -> removed.withoutMember("a")).isInstanceOf(UnknownMemberException.class);
    }

    @Test
    void changingOneMemberIncrementsTheVersionAndKeepsTheRest() {
        RoutingTable table = table(Member.active("a", "127.0.0.1", 8080), Member.active("b", "127.0.0.1", 8081));

        RoutingTable changed = table.withMember("b", m -> m.withState(MemberState.DRAINING));

        assertThat(changed.version()).isEqualTo(2);
        assertThat(changed.member("b")).get().extracting(Member::state).isEqualTo(MemberState.DRAINING);
        assertThat(changed.member("a")).get().extracting(Member::state).isEqualTo(MemberState.ACTIVE);
        assertThatThrownBy(() -> table.withMember("zzz", m -> m)).isInstanceOf(UnknownMemberException.class);
    }

    @Test
    void routesMatchWholePathSegments() {
        Route api = new Route("Shop.Example.com", "/api", "shop");

        assertThat(api.matches("shop.example.com", "/api")).isTrue();
        assertThat(api.matches("shop.example.com", "/api/orders")).isTrue();
        assertThat(api.matches("shop.example.com", "/apix")).isFalse();
        assertThat(api.matches("other.example.com", "/api")).isFalse();
        assertThat(Route.any("shop").matches(null, "/anything")).isTrue();
    }
}
