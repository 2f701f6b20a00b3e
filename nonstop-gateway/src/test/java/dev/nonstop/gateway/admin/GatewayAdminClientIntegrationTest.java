package dev.nonstop.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.common.token.BearerToken;
import dev.nonstop.gateway.Gateway;
import dev.nonstop.gateway.GatewaySettings;
import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.Group;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.MemberState;
import dev.nonstop.gateway.contract.Route;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.gateway.contract.client.GatewayAdminClient;
import dev.nonstop.gateway.contract.client.GatewayFencedOutException;
import dev.nonstop.gateway.contract.client.GatewayNotFoundException;
import dev.nonstop.gateway.contract.client.GatewayUnauthorizedException;
import dev.nonstop.gateway.contract.client.TableVersionConflictException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract's typed admin client against this gateway's admin API. */
class GatewayAdminClientIntegrationTest {
    private static final String TOKEN = "admin-token-0123456789";

    private Gateway gateway;
    private AdminServer admin;
    private GatewayAdminClient client;

    @BeforeEach
    void start() {
        gateway = Gateway.start(
                GatewaySettings.builder().listen("127.0.0.1", 0).eventLoops(1).build(),
                new RoutingTable(
                        1,
                        List.of(Route.any("shop")),
                        List.of(App.of(
                                "shop",
                                Member.active("shop-1", "127.0.0.1", 1),
                                Member.active("shop-2", "127.0.0.1", 2)))));
        admin = AdminServer.start(
                new InetSocketAddress("127.0.0.1", 0), BearerToken.of(TOKEN, AdminServer.TOKEN_NAME), gateway);
        client = GatewayAdminClient.of(
                URI.create("http://127.0.0.1:" + admin.address().getPort()), TOKEN);
    }

    @AfterEach
    void stop() {
        admin.close();
        gateway.close();
    }

    @Test
    void memberStateAndWeightAreInForceWhenTheCallReturns() {
        long version = client.fencedBy("r-1", 3)
                .setMemberState("shop-1", MemberState.DRAINING, java.time.Duration.ofSeconds(5));

        assertThat(version).isEqualTo(2);
        assertThat(gateway.versionInForce()).isEqualTo(2);
        assertThat(gateway.tables().current().member("shop-1").orElseThrow().state())
                .isEqualTo(MemberState.DRAINING);
        assertThat(client.setMemberWeight("shop-2", 25)).isEqualTo(3);
        assertThat(gateway.tables().current().member("shop-2").orElseThrow().weight())
                .isEqualTo(25);
        assertThat(client.version()).isEqualTo(3);
        assertThat(client.memberStats("shop-1").inFlight()).isZero();
    }

    @Test
    void lowerFencingTokenIsRefusedAndChangesNothing() {
        client.fencedBy("r-1", 5).setMemberWeight("shop-1", 50);

        assertThatThrownBy(() -> client.fencedBy("r-1", 4).setMemberWeight("shop-1", 10))
                .isInstanceOf(GatewayFencedOutException.class)
                .hasMessageContaining("stale fencing token 4");
        assertThat(gateway.tables().current().member("shop-1").orElseThrow().weight())
                .isEqualTo(50);
    }

    @Test
    void tableIsReadAsTheTypedTableInForce() {
        client.setMemberWeight("shop-2", 40);

        RoutingTable table = client.table();

        assertThat(table).isEqualTo(gateway.tables().current());
        assertThat(table.version()).isEqualTo(2);
        assertThat(table.member("shop-2").orElseThrow().weight()).isEqualTo(40);
    }

    @Test
    void tableIsReplacedOnlyFromTheVersionInForce() {
        RoutingTable table = client.table();
        App shop = table.app("shop").orElseThrow();
        Group group = shop.groups().get(0);
        List<Member> members = new ArrayList<>(group.members());
        members.add(new Member("shop-3", "127.0.0.1", 3, 0, MemberState.STANDBY));
        RoutingTable edited = new RoutingTable(
                table.version(), table.routes(), List.of(shop.withGroups(List.of(new Group(group.name(), members)))));

        long next = client.replaceTable(edited, table.version());

        assertThat(next).isEqualTo(table.version() + 1);
        assertThat(gateway.tables().current().member("shop-3").orElseThrow().state())
                .isEqualTo(MemberState.STANDBY);
        assertThatThrownBy(() -> client.replaceTable(edited, table.version()))
                .isInstanceOfSatisfying(TableVersionConflictException.class, e -> assertThat(e.currentVersion())
                        .isEqualTo(next));
    }

    @Test
    void wrongTokenAndUnknownMemberAreTyped() {
        GatewayAdminClient intruder = GatewayAdminClient.of(
                URI.create("http://127.0.0.1:" + admin.address().getPort()), "wrong-token-000000");

        assertThatThrownBy(intruder::table).isInstanceOf(GatewayUnauthorizedException.class);
        assertThatThrownBy(() -> client.setMemberWeight("nobody", 1)).isInstanceOf(GatewayNotFoundException.class);
        assertThatThrownBy(() -> client.memberStats("nobody")).isInstanceOf(GatewayNotFoundException.class);
    }
}
