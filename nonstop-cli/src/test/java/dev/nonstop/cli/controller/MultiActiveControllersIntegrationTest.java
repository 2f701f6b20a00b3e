package dev.nonstop.cli.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nonstop.agent.Agent;
import dev.nonstop.agent.AgentSettings;
import dev.nonstop.agent.api.AgentServer;
import dev.nonstop.agent.contract.InstanceSpec;
import dev.nonstop.cli.DemoApps;
import dev.nonstop.common.token.BearerToken;
import dev.nonstop.coordination.etcd.EtcdProcess;
import dev.nonstop.gateway.Gateway;
import dev.nonstop.gateway.GatewaySettings;
import dev.nonstop.gateway.admin.AdminServer;
import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.Route;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.testing.load.LoadGenerator;
import dev.nonstop.testing.load.LoadRun;
import dev.nonstop.testing.load.Report;
import dev.nonstop.testing.load.RequestSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The chaos test of issue 4: two controller processes on one PostgreSQL store, a rolling release
 * of three instances under load, the owning controller killed with SIGKILL in the middle of a
 * drain. The other takes the release over (lease ttl + scan interval), finishes it, the load sees
 * zero failed requests, and the killed controller, restarted, does not act on the release again.
 * Run with the leases in the store's database and in etcd ({@code leases:} in controller.yaml).
 */
@Timeout(240)
class MultiActiveControllersIntegrationTest {
    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String GATEWAY_TOKEN = "chaos-gateway-token-0123456789";
    private static final String AGENT_TOKEN = "chaos-agent-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final String schema =
            "chaos_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final List<Process> controllers = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private Gateway gateway;
    private AdminServer admin;
    private Agent agent;
    private AgentServer agentServer;
    private EtcdProcess etcd;

    /** Where the controllers keep their release leases. */
    enum Leases {
        POSTGRESQL,
        ETCD
    }

    @BeforeEach
    void start() throws Exception {
        try (Connection c = DriverManager.getConnection(PG, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(
                    "this test needs PostgreSQL on 127.0.0.1:5432 (user postgres, database test): " + e.getMessage(),
                    e);
        }
        Path v1 = DemoApps.extract(dir, "nonstop-sample-app-v1.jar");
        agent = Agent.create(
                AgentSettings.builder().dataDir(dir.resolve("agent")).build());
        agentServer = AgentServer.start(
                new InetSocketAddress("127.0.0.1", 0), BearerToken.of(AGENT_TOKEN, AgentServer.TOKEN_NAME), agent);
        agent.install("shop", "v1", v1, null);
        List<Member> members = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            int port = DemoApps.freePort();
            agent.start(new InstanceSpec(
                    "shop-" + i,
                    "shop",
                    "v1",
                    port,
                    Map.of(
                            "SAMPLE_SESSION_SECRET",
                            "chaos",
                            "NONSTOP_APP_TOKEN",
                            "chaos-app-token-0123456789",
                            "SAMPLE_STARTUP_DELAY_MS",
                            "100"),
                    List.of("-XX:TieredStopAtLevel=1", "-Xmx96m")));
            members.add(Member.active("shop-" + i, "127.0.0.1", port));
        }
        gateway = Gateway.start(
                GatewaySettings.builder().listen("127.0.0.1", 0).eventLoops(1).build(),
                new RoutingTable(
                        1, List.of(Route.any("shop")), List.of(App.of("shop", members.toArray(Member[]::new)))));
        admin = AdminServer.start(
                new InetSocketAddress("127.0.0.1", 0), BearerToken.of(GATEWAY_TOKEN, AdminServer.TOKEN_NAME), gateway);
        Files.writeString(dir.resolve("gateway.token"), GATEWAY_TOKEN);
        Files.writeString(dir.resolve("agent.token"), AGENT_TOKEN);
        Files.writeString(dir.resolve("app.token"), "chaos-app-token-0123456789");
        for (Member m : members) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> get(URI.create("http://127.0.0.1:" + m.port() + "/ready")) == 200);
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        controllers.forEach(p -> p.destroyForcibly());
        if (etcd != null) {
            etcd.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (gateway != null) {
            gateway.shutdownGracefully(Duration.ofSeconds(2));
        }
        if (agentServer != null) {
            agentServer.close();
        }
        if (agent != null) {
            agent.close();
        }
        try (Connection c = DriverManager.getConnection(PG, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (java.sql.SQLException e) {
            // nothing more to clean
        }
        http.shutdownNow();
    }

    /** Starts a controller process; returns its API's base URI once it listens. */
    private URI controller(String id, Leases leases) throws Exception {
        Path config = dir.resolve(id + ".yaml");
        Files.writeString(
                config,
                """
                id: %s
                listen: 127.0.0.1:0
                tokenFile: controller.token
                appTokenFile: app.token
                store: %s?currentSchema=%s
                user: postgres
                leases: %s
                gateways:
                  - { url: http://127.0.0.1:%d, tokenFile: gateway.token }
                agents:
                  127.0.0.1: { url: http://127.0.0.1:%d, tokenFile: agent.token }
                """
                        .formatted(
                                id,
                                PG,
                                schema,
                                switch (leases) {
                                    case POSTGRESQL -> "{ backend: jdbc }";
                                    case ETCD -> "{ backend: etcd, endpoints: [%s] }".formatted(etcd.endpoint());
                                },
                                admin.address().getPort(),
                                agentServer.address().getPort()));
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.nonstop.cli.NonstopCommand",
                        "controller",
                        "-c",
                        config.toString(),
                        "--scan-interval",
                        "500ms")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .start();
        controllers.add(process);
        CompletableFuture<URI> api = new CompletableFuture<>();
        StringBuilder printed = new StringBuilder();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (!api.isDone() && printed.length() < 20_000) {
                        printed.append(line).append('\n');
                    }
                    int at = line.indexOf("API http://");
                    if (at >= 0 && line.contains("nonstop controller")) {
                        String rest = line.substring(at + 4);
                        api.complete(URI.create(rest.substring(0, rest.indexOf(' '))));
                    }
                }
            } catch (IOException e) {
                api.completeExceptionally(e);
            }
            api.completeExceptionally(
                    new IllegalStateException(id + " exited before listening; it printed:\n" + printed));
        });
        return api.get(60, java.util.concurrent.TimeUnit.SECONDS);
    }

    private JsonNode call(URI controller, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(controller.resolve(path))
                .header(
                        "Authorization",
                        "Bearer "
                                + Files.readString(dir.resolve("controller.token"))
                                        .trim())
                .timeout(Duration.ofSeconds(10));
        request = body == null
                ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("%s %s: %s", method, path, response.body())
                .isLessThan(300);
        return JSON.readTree(response.body());
    }

    /** The release leases recorded in the store's database ({@code nonstop_lease}, absent unless used). */
    private int releaseLeasesInTheStore() throws java.sql.SQLException {
        try (Connection c = DriverManager.getConnection(PG, "postgres", "");
                Statement s = c.createStatement()) {
            try (var table = s.executeQuery("SELECT to_regclass('" + schema + ".nonstop_lease') IS NOT NULL")) {
                table.next();
                if (!table.getBoolean(1)) {
                    return 0;
                }
            }
            try (var rows = s.executeQuery(
                    "SELECT count(*) FROM " + schema + ".nonstop_lease WHERE name LIKE 'nonstop/release/%'")) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private int get(URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    @ParameterizedTest(name = "leases in {0}")
    @EnumSource(Leases.class)
    void theOtherControllerFinishesAReleaseWhoseOwnerWasKilledMidDrainWithZeroFailedRequests(Leases leases)
            throws Exception {
        if (leases == Leases.ETCD) {
            etcd = EtcdProcess.start(); // fails, naming what to install, when etcd is missing
        }
        URI a = controller("controller-a", leases);
        URI b = controller("controller-b", leases);
        call(a, "POST", "/api/apps", "{\"name\":\"shop\"}");
        for (Member m : gateway.tables().current().members().toList()) {
            call(
                    a,
                    "POST",
                    "/api/apps/shop/instances",
                    "{\"id\":\"%s\",\"host\":\"127.0.0.1\",\"port\":%d,\"version\":\"v1\",\"gatewayMemberId\":\"%s\"}"
                            .formatted(m.id(), m.port(), m.id()));
        }
        Path v2 = DemoApps.extract(dir, "nonstop-sample-app-v2.jar");
        Report report;
        String releaseId;
        try (LoadRun load = LoadGenerator.builder()
                .target("127.0.0.1", gateway.address().getPort())
                .connections(8)
                .keepAlive(true)
                .requestIdPrefix("chaos")
                .request(6, RequestSpec.get("/"))
                .request(3, RequestSpec.post("/orders", 512))
                .request(1, RequestSpec.get("/slow?ms=1500"))
                .maxRequests(10_000_000)
                .maxDuration(Duration.ofMinutes(3))
                .readTimeout(Duration.ofSeconds(20))
                .build()
                .start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> load.report().succeeded() > 200);
            JsonNode release = call(
                    a,
                    "POST",
                    "/api/releases",
                    """
                    {"app":"shop","version":"v2","artifact":"%s","batchSize":1,
                     "drain":{"deadline":"60s","policy":"FAIL"},
                     "health":{"readinessPath":"/ready","timeout":"30s","interval":"50ms"},
                     "warmUp":{"weightSteps":[50,100],"stepInterval":"200ms","errorRateThreshold":0.01},
                     "stopTimeout":"20s"}
                    """
                            .formatted(v2.toString().replace("\\", "\\\\")));
            releaseId = release.get("id").asText();
            // Owned by A (it accepted the release); kill it while an instance drains.
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        JsonNode r = call(b, "GET", "/api/releases/" + releaseId, null);
                        return r.toString().contains("\"DRAINED\"")
                                        && r.toString().contains("\"STARTED\"")
                                || r.toString().contains("DRAINING");
                    });
            Process owner = controllers.get(0);
            owner.destroyForcibly().waitFor();

            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> call(b, "GET", "/api/releases/" + releaseId, null)
                            .path("state")
                            .asText()
                            .equals("SUCCEEDED"));
            load.stop();
            report = load.awaitCompletion(Duration.ofSeconds(60));
        }
        JsonNode done = call(b, "GET", "/api/releases/" + releaseId, null);
        assertThat(report.failed()).as(report.toString()).isZero();
        assertThat(done.path("owner").asText()).isEqualTo("controller-b");
        for (Member m : gateway.tables().current().members().toList()) {
            assertThat(http.send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.port() + "/version"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body())
                    .contains("\"v2\"");
        }

        // The release leases were where controller.yaml put them.
        if (leases == Leases.POSTGRESQL) {
            assertThat(releaseLeasesInTheStore()).isPositive();
        } else {
            assertThat(releaseLeasesInTheStore()).as("lease rows in PostgreSQL").isZero();
        }

        // The killed controller, restarted, does not act on the release again.
        String stepsBefore = done.toString();
        URI restarted = controller("controller-a", leases);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> call(
                        restarted, "GET", "/api/releases/" + releaseId, null)
                .toString()
                .equals(stepsBefore));
    }
}
