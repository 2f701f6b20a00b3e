package dev.nonstop.controller.runner;

import static org.awaitility.Awaitility.await;

import dev.nonstop.agent.Agent;
import dev.nonstop.agent.AgentSettings;
import dev.nonstop.agent.Caller;
import dev.nonstop.agent.contract.InstanceSpec;
import dev.nonstop.common.token.BearerToken;
import dev.nonstop.controller.client.AppProbe;
import dev.nonstop.controller.release.plan.InstanceRef;
import dev.nonstop.controller.release.plan.RollingPlan;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.NewInstance;
import dev.nonstop.controller.store.RecordedInstanceState;
import dev.nonstop.controller.store.ReleaseFence;
import dev.nonstop.gateway.Gateway;
import dev.nonstop.gateway.GatewaySettings;
import dev.nonstop.gateway.admin.AdminServer;
import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.Route;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.gateway.contract.client.GatewayAdminClient;
import dev.nonstop.testing.load.LoadGenerator;
import dev.nonstop.testing.load.RequestSpec;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A small real cluster for the runner's tests: an in-process gateway with its admin API, an in-process agent running
 * three sample app v1 processes, and an H2 controller store holding the app and its instances.
 */
final class ReleaseFixture implements AutoCloseable {
    static final String APP = "shop";
    static final String ADMIN_TOKEN = "admin-token-0123456789";
    static final String APP_TOKEN = "app-token-0123456789";
    static final Map<String, String> ENV = Map.of(
            "SAMPLE_SESSION_SECRET", "release-runner-test-secret",
            "NONSTOP_APP_TOKEN", APP_TOKEN,
            "SAMPLE_STARTUP_DELAY_MS", "100",
            "SAMPLE_STOP_TIMEOUT_MS", "10000");
    static final List<String> JVM_ARGS = List.of("-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx96m");

    final String storeUrl = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    final ControllerStore store;
    final Gateway gateway;
    final AdminServer admin;
    final Agent agent;
    final List<InstanceRef> instances = new ArrayList<>();
    final AppProbe probe = AppProbe.create(Duration.ofSeconds(3), APP_TOKEN);

    ReleaseFixture(Path dir) throws IOException {
        store = ControllerStore.jdbc(storeUrl, "sa", "");
        store.createApp(APP);
        agent = Agent.create(AgentSettings.builder()
                .dataDir(dir.resolve("agent"))
                .defaultStopTimeout(Duration.ofSeconds(10))
                .build());
        agent.install(APP, "v1", jar("v1"), null);
        List<Member> members = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String id = APP + "-" + i;
            int port = freePort();
            agent.start(new InstanceSpec(id, APP, "v1", port, ENV, JVM_ARGS));
            instances.add(new InstanceRef(id, "127.0.0.1", port));
            store.createInstance(
                    new NewInstance(id, APP, "127.0.0.1", port, "v1", RecordedInstanceState.RUNNING, Optional.of(id)));
            members.add(Member.active(id, "127.0.0.1", port));
        }
        for (InstanceRef ref : instances) {
            await().atMost(Duration.ofSeconds(30)).until(() -> probe.isReady(ref.host(), ref.port(), "/ready"));
        }
        gateway = Gateway.start(
                GatewaySettings.builder().listen("127.0.0.1", 0).eventLoops(1).build(),
                new RoutingTable(1, List.of(Route.any(APP)), List.of(App.of(APP, members.toArray(Member[]::new)))));
        admin = AdminServer.start(
                new InetSocketAddress("127.0.0.1", 0), BearerToken.of(ADMIN_TOKEN, AdminServer.TOKEN_NAME), gateway);
    }

    /** The sample app jar of {@code version}: from the test class path (the reactor), else the module's target. */
    static Path jar(String version) {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.contains("nonstop-sample-app") && entry.endsWith("-" + version + ".jar")) {
                return Path.of(entry);
            }
        }
        Path built = Path.of("..", "nonstop-sample-app", "target", "nonstop-sample-app-" + version + ".jar");
        if (!Files.isRegularFile(built)) {
            throw new IllegalStateException("sample app jar " + version + " not found (build nonstop-sample-app)");
        }
        return built.toAbsolutePath();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    GatewayAdminClient adminClient() {
        return GatewayAdminClient.of(
                URI.create("http://127.0.0.1:" + admin.address().getPort()), ADMIN_TOKEN);
    }

    RollingPlan plan(int batch, int surge) {
        return RollingPlan.of(instances, batch, surge);
    }

    /** A runner of the release {@code fence} owns, on {@code store}. */
    ReleaseRunnerBuilder runner(ControllerStore on, ReleaseFence fence, RollingPlan plan) {
        return ReleaseRunner.builder(on, fence, plan)
                .gateways(List.of(adminClient()))
                .agents((host, f) -> agent.as(new Caller("controller", Optional.of(f))))
                .appToken(APP_TOKEN)
                .env(ENV)
                .jvmArgs(JVM_ARGS);
    }

    /** Keep-alive users with cookies: fast GETs, POSTs with a body, slow GETs, through the gateway. */
    LoadGenerator load() {
        return LoadGenerator.builder()
                .target(gateway.address())
                .connections(6)
                .cookies(true)
                .request(6, RequestSpec.get("/"))
                .request(2, RequestSpec.post("/orders", 2048))
                .request(1, RequestSpec.get("/slow?ms=150"))
                .maxDuration(Duration.ofMinutes(2))
                .readTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** What {@code GET /version} says straight from the instance. */
    String versionOf(InstanceRef ref) {
        int port = store.instance(ref.id()).orElseThrow().port();
        try {
            var http = java.net.http.HttpClient.newHttpClient();
            var response = http.send(
                    java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/version"))
                            .timeout(Duration.ofSeconds(3))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(response.body())
                    .path("version")
                    .asText();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        admin.close();
        gateway.shutdownGracefully(Duration.ofSeconds(2));
        agent.close();
        store.close();
    }
}
