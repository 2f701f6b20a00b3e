package dev.nonstop.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nonstop.common.fencing.FencingStateException;
import dev.nonstop.common.token.BearerToken;
import dev.nonstop.gateway.Gateway;
import dev.nonstop.gateway.GatewaySettings;
import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.MemberState;
import dev.nonstop.gateway.contract.Route;
import dev.nonstop.gateway.contract.RoutingTable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gateway restarted on the same data directory keeps refusing controllers that lost their release. */
class GatewayFencingRestartIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RoutingTable TABLE = new RoutingTable(
            1,
            List.of(Route.any("shop")),
            List.of(App.of("shop", Member.active("shop-1", "127.0.0.1", 1), Member.active("shop-2", "127.0.0.1", 2))));

    @TempDir
    Path dir;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Gateway gateway;
    private AdminServer admin;
    private String token;

    private void start() throws IOException {
        Path tokenFile = dir.resolve("gateway.token");
        BearerToken adminToken = BearerToken.readOrCreate(tokenFile, AdminServer.TOKEN_NAME);
        token = Files.readString(tokenFile).strip();
        gateway = Gateway.start(
                GatewaySettings.builder()
                        .listen("127.0.0.1", 0)
                        .eventLoops(1)
                        .dataDir(dir.resolve("data"))
                        .build(),
                TABLE);
        admin = AdminServer.start(new InetSocketAddress("127.0.0.1", 0), adminToken, gateway);
    }

    @AfterEach
    void stop() {
        if (admin != null) {
            admin.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private HttpResponse<String> setState(String member, MemberState state, String release, long fencingToken)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + admin.address().getPort() + "/admin/members/" + member + "/state"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("X-Nonstop-Release", release)
                .header("X-Nonstop-Fencing-Token", Long.toString(fencingToken))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"state\":\"" + state + "\"}"))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRestartedGatewayRefusesATokenBelowTheHighestItSawBeforeTheRestart() throws Exception {
        start();
        assertThat(setState("shop-1", MemberState.DRAINING, "r-1", 5).statusCode())
                .isEqualTo(200);
        stop();

        start();
        HttpResponse<String> stale = setState("shop-1", MemberState.ACTIVE, "r-1", 4);
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(stale.body()).path("error").asText())
                .isEqualTo("stale fencing token 4 for release r-1 (highest seen: 5)");
        assertThat(gateway.tables().current().member("shop-1").orElseThrow().state())
                .isEqualTo(MemberState.ACTIVE)
                .as("the restarted gateway's table is its configured one; the stale write changed nothing");

        assertThat(setState("shop-2", MemberState.DRAINING, "r-1", 5).statusCode())
                .isEqualTo(200);
        assertThat(setState("shop-2", MemberState.ACTIVE, "r-2", 1).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aGatewayWhoseFencingStateIsCorruptDoesNotStart() throws Exception {
        Path state = dir.resolve("data").resolve(Gateway.FENCING_FILE);
        Files.createDirectories(state.getParent());
        Files.writeString(state, "not json");

        assertThatThrownBy(() -> Gateway.start(
                        GatewaySettings.builder()
                                .listen("127.0.0.1", 0)
                                .dataDir(dir.resolve("data"))
                                .build(),
                        TABLE))
                .isInstanceOf(FencingStateException.class)
                .hasMessageContaining(state.toAbsolutePath().toString());
    }
}
