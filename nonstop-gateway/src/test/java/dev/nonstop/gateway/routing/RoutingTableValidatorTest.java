package dev.nonstop.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.common.problem.Problem;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
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
    void anInvalidReplacementLeavesTheTableInForce() {
        RoutingTableHolder holder = new RoutingTableHolder(table(Member.active("a", "127.0.0.1", 8080)));
        RoutingTable bad = table(Member.active("a", "127.0.0.1", 0)).withVersion(2);

        assertThatThrownBy(() -> holder.replace(bad, OptionalLong.empty()))
                .isInstanceOf(InvalidTableException.class)
                .hasMessageContaining("apps[0].groups[0].members[0].port: 0 (expected: 1-65535)");
        assertThat(holder.current().version()).isEqualTo(1);
    }

    @Test
    void aReplacementMustCarryAHigherVersionAndMatchTheExpectedOne() {
        RoutingTableHolder holder = new RoutingTableHolder(table(Member.active("a", "127.0.0.1", 8080)));
        RoutingTable next = table(Member.active("b", "127.0.0.1", 8081)).withVersion(5);

        assertThatThrownBy(() -> holder.replace(next.withVersion(1), OptionalLong.empty()))
                .isInstanceOf(VersionConflictException.class)
                .hasMessageContaining("expected: > 1");
        assertThatThrownBy(() -> holder.replace(next, OptionalLong.of(4)))
                .isInstanceOf(VersionConflictException.class)
                .satisfies(e -> assertThat(((VersionConflictException) e).currentVersion())
                        .isEqualTo(1));
        assertThat(holder.replace(next, OptionalLong.of(1)).version()).isEqualTo(5);
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
