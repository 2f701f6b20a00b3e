package dev.nonstop.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nonstop.common.token.BearerToken;
import dev.nonstop.gateway.Gateway;
import dev.nonstop.gateway.GatewaySettings;
import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.Member;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API of a real gateway, over real sockets. */
class AdminServerIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RoutingTable TABLE = new RoutingTable(
            1,
            List.of(Route.any("shop")),
            List.of(App.of("shop", Member.active("shop-1", "127.0.0.1", 1), Member.active("shop-2", "127.0.0.1", 2))));

    @TempDir
    Path dir;

    private Gateway gateway;
    private AdminServer admin;
    private String token;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws IOException {
        Path tokenFile = dir.resolve(".nonstop/gateway.token");
        BearerToken adminToken = BearerToken.readOrCreate(tokenFile, AdminServer.TOKEN_NAME);
        token = Files.readString(tokenFile).strip();
        gateway = Gateway.start(
                GatewaySettings.builder().listen("127.0.0.1", 0).eventLoops(1).build(), TABLE);
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
        http.close();
    }

    private HttpResponse<String> send(String method, String path, String bearer, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + admin.address().getPort() + path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Test
    void badJsonIsRefusedNamingTheProblem() throws Exception {
        HttpResponse<String> response = send("PUT", "/admin/table", token, "{\"apps\": [}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).at("/problems/0/path").asText()).startsWith("line 1, column ");
    }

    @Test
    void invalidTableIsRefusedAndTheOldTableStaysInForce() throws Exception {
        String bad = send("GET", "/admin/table", token, null).body().replace("\"port\" : 1,", "\"port\" : 70000,");

        HttpResponse<String> response = send("PUT", "/admin/table", token, bad);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("apps[0].groups[0].members[0].port", "70000 (expected: 1-65535)");
        assertThat(gateway.tables().current()).isEqualTo(TABLE);
        assertThat(json(send("GET", "/admin/version", token, null))
                        .get("version")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void versionConflictIsRefusedNamingTheVersionInForce() throws Exception {
        String table = "{\"apps\": [], \"routes\": []}";

        HttpResponse<String> response = send("PUT", "/admin/table", token, table, "If-Match", "41");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(json(response).get("version").asLong()).isEqualTo(1);
        assertThat(gateway.tables().current()).isEqualTo(TABLE);
    }

    @Test
    void tableIsReplacedWithTheNextVersion() throws Exception {
        String edited = send("GET", "/admin/table", token, null).body().replace("\"weight\" : 100", "\"weight\" : 3");

        HttpResponse<String> response = send("PUT", "/admin/table", token, edited, "If-Match", "1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("version").asLong()).isEqualTo(2);
        assertThat(gateway.tables().current().members())
                .extracting(Member::weight)
                .containsOnly(3);
    }

    @Test
    void drainingAMemberIncrementsTheVersionAndShowsInTheTable() throws Exception {
        HttpResponse<String> response =
                send("PUT", "/admin/members/shop-1/state", token, "{\"state\":\"DRAINING\",\"drainDeadline\":\"30s\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("version").asLong()).isEqualTo(2);
        JsonNode table = json(send("GET", "/admin/table", token, null));
        assertThat(table.get("version").asLong()).isEqualTo(2);
        assertThat(table.at("/apps/0/groups/0/members/0/state").asText()).isEqualTo("DRAINING");
        assertThat(json(send("GET", "/admin/version", token, null))
                        .get("version")
                        .asLong())
                .isEqualTo(2);
    }

    @Test
    void unknownMemberIsNotFound() throws Exception {
        assertThat(send("PUT", "/admin/members/nobody/weight", token, "{\"weight\": 5}")
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void metricsNeedTheTokenAndAreInPrometheusFormat() throws Exception {
        HttpResponse<String> without = send("GET", "/metrics", null, null);
        HttpResponse<String> with = send("GET", "/metrics", token, null);

        assertThat(without.statusCode()).isEqualTo(401);
        assertThat(with.statusCode()).isEqualTo(200);
        assertThat(with.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(with.body()).contains("nonstop_gateway_");
    }

    @Test
    void statsListMembers() throws Exception {
        HttpResponse<String> response = send("GET", "/admin/stats", token, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("members").isArray()).isTrue();
    }
}
