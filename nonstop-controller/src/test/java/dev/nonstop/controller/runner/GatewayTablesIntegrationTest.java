package dev.nonstop.controller.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.common.token.BearerToken;
import dev.nonstop.gateway.Gateway;
import dev.nonstop.gateway.GatewaySettings;
import dev.nonstop.gateway.admin.AdminServer;
import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.MemberState;
import dev.nonstop.gateway.contract.Route;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.gateway.contract.client.GatewayAdminClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The release's typed table edits against a real gateway, and their one conflict-retry loop. */
class GatewayTablesIntegrationTest {
    private static final String TOKEN = "admin-token-0123456789";

    private Gateway gateway;
    private AdminServer admin;
    private GatewayAdminClient client;
    private GatewayTables tables;

    @BeforeEach
    void start() {
        gateway = Gateway.start(
                GatewaySettings.builder().listen("127.0.0.1", 0).eventLoops(1).build(),
                new RoutingTable(
                        1,
                        List.of(Route.any("shop")),
                        List.of(App.of("shop", Member.active("shop-1", "127.0.0.1", 1)))));
        admin = AdminServer.start(
                new InetSocketAddress("127.0.0.1", 0), BearerToken.of(TOKEN, AdminServer.TOKEN_NAME), gateway);
        client = GatewayAdminClient.of(
                URI.create("http://127.0.0.1:" + admin.address().getPort()), TOKEN);
        tables = new GatewayTables(List.of(client), Waiter.create(Clock.systemUTC(), Duration.ofMillis(5)));
    }

    @AfterEach
    void stop() {
        admin.close();
        gateway.close();
    }

    @Test
    void memberIsRoutedAsATypedMemberThenDrainedAndRemoved() {
        Member shop2 = new Member("shop-2", "127.0.0.1", 2, 1, MemberState.ACTIVE);

        tables.route("shop", shop2);
        assertThat(gateway.tables().current().member("shop-2")).contains(shop2);
        assertThat(tables.isRouted("shop-2")).isTrue();

        tables.route("shop", new Member("shop-2", "127.0.0.1", 2, 100, MemberState.ACTIVE));
        assertThat(gateway.tables().current().member("shop-2").orElseThrow().weight())
                .isEqualTo(100);

        assertThat(tables.markDraining("shop-2", null)).hasSize(1);
        assertThat(gateway.tables().current().member("shop-2").orElseThrow().state())
                .isEqualTo(MemberState.DRAINING);

        tables.remove("shop-2");
        assertThat(gateway.tables().current().member("shop-2")).isEmpty();
        assertThat(tables.isRouted("shop-2")).isFalse();
        assertThat(tables.markDraining("shop-2", null)).containsExactly("absent");
    }

    @Test
    void anEditThatLosesToAnotherChangeIsReadAgainAndTriedAgain() {
        AtomicInteger attempts = new AtomicInteger();

        long version = tables.edit(client, table -> {
            if (attempts.getAndIncrement() == 0) {
                client.setMemberWeight("shop-1", 7); // another editor comes first
            }
            return client.replaceTable(table.withoutMember("shop-1"), table.version());
        });

        assertThat(attempts).hasValue(2);
        assertThat(version).isEqualTo(3);
        assertThat(gateway.tables().current().members()).isEmpty();
    }

    @Test
    void aTableThatKeepsChangingFailsTheStepAfterTheLastAttempt() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> tables.edit(client, table -> {
                    attempts.incrementAndGet();
                    client.setMemberWeight("shop-1", attempts.get());
                    return client.replaceTable(table, table.version());
                }))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("kept changing (" + ConflictBackoff.TABLE_EDITS.attempts() + " attempts)");
        assertThat(attempts).hasValue(ConflictBackoff.TABLE_EDITS.attempts());
    }
}
