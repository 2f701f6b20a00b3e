package dev.nonstop.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.InvalidTableException;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.Route;
import dev.nonstop.gateway.contract.RoutingTable;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The table in force is only ever replaced by a valid table with a higher version. */
class RoutingTableHolderTest {

    private static RoutingTable table(Member... members) {
        return new RoutingTable(1, List.of(Route.any("shop")), List.of(App.of("shop", members)));
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
}
