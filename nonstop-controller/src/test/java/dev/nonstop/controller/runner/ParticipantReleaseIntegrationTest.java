package dev.nonstop.controller.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.agent.contract.AgentApi;
import dev.nonstop.agent.contract.InstallResult;
import dev.nonstop.agent.contract.InstalledArtifact;
import dev.nonstop.agent.contract.InstanceSpec;
import dev.nonstop.agent.contract.InstanceState;
import dev.nonstop.agent.contract.InstanceStatus;
import dev.nonstop.agent.contract.StopMode;
import dev.nonstop.agent.contract.StopResult;
import dev.nonstop.common.token.BearerToken;
import dev.nonstop.controller.client.AppStatus.Participant;
import dev.nonstop.controller.release.plan.InstanceRef;
import dev.nonstop.controller.release.plan.RollingPlan;
import dev.nonstop.controller.release.spec.DrainMode;
import dev.nonstop.controller.release.spec.DrainPolicy;
import dev.nonstop.controller.release.spec.DrainSpec;
import dev.nonstop.controller.release.spec.HealthSpec;
import dev.nonstop.controller.release.spec.ReleaseSpec;
import dev.nonstop.controller.release.spec.WarmUpSpec;
import dev.nonstop.controller.release.state.InstanceStep;
import dev.nonstop.controller.release.state.ReleaseState;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.NewInstance;
import dev.nonstop.controller.store.RecordedInstanceState;
import dev.nonstop.controller.store.Release;
import dev.nonstop.controller.store.ReleaseFence;
import dev.nonstop.controller.store.StepRecord;
import dev.nonstop.controller.store.StepStatus;
import dev.nonstop.gateway.Gateway;
import dev.nonstop.gateway.GatewaySettings;
import dev.nonstop.gateway.admin.AdminServer;
import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.MemberState;
import dev.nonstop.gateway.contract.Route;
import dev.nonstop.gateway.contract.RoutingTable;
import dev.nonstop.gateway.contract.client.GatewayAdminClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A release of one instance whose app lists drain participants, behind a real gateway and with an H2 store; the
 * "processes" are small in-JVM apps ({@link FakeParticipantsApp}) that a fake agent starts and stops. The release's
 * DRAINED event shows each participant's wait; a participant stuck past the drain deadline fails the drain naming it
 * and what it holds, and the release rolls back: the instance serves again on v1.
 */
class ParticipantReleaseIntegrationTest {
    private static final String APP = "shop";
    private static final String ADMIN_TOKEN = "admin-token-0123456789";
    private static final String APP_TOKEN = "app-token-0123456789";
    private static final Duration DEADLINE = Duration.ofSeconds(1);
    private static final Participant STUCK =
            new Participant("rabbitmq", false, 2, "2 message(s) in hand on queue orders");

    @TempDir
    Path dir;

    private ControllerStore store;
    private Gateway gateway;
    private AdminServer admin;
    private FakeAgent agent;
    private InstanceRef instance;

    /** The in-JVM apps by instance id; what each new one's participants say is {@link #script}. */
    private final class FakeAgent implements AgentApi {
        final Map<String, FakeParticipantsApp> apps = new ConcurrentHashMap<>();
        final Map<String, String> versions = new ConcurrentHashMap<>();
        volatile IntFunction<List<Participant>> script;

        @Override
        public InstanceStatus start(InstanceSpec spec) {
            try {
                FakeParticipantsApp app = new FakeParticipantsApp(spec.port(), APP_TOKEN, spec.version(), script);
                apps.put(spec.instanceId(), app);
                versions.put(spec.instanceId(), spec.version());
                return status(spec.instanceId());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public StopResult stop(String instanceId, Duration timeout) {
            FakeParticipantsApp app = apps.remove(instanceId);
            if (app != null) {
                app.close();
            }
            return new StopResult(instanceId, StopMode.GRACEFUL, OptionalInt.of(0), Duration.ZERO);
        }

        @Override
        public InstanceStatus status(String instanceId) {
            FakeParticipantsApp app = apps.get(instanceId);
            String version = versions.get(instanceId);
            if (version == null) {
                return null;
            }
            return new InstanceStatus(
                    instanceId,
                    APP,
                    version,
                    app == null ? 0 : app.port(),
                    OptionalLong.empty(),
                    app == null ? InstanceState.STOPPED : InstanceState.RUNNING,
                    OptionalInt.empty(),
                    Instant.now());
        }

        @Override
        public List<InstanceStatus> instances() {
            return versions.keySet().stream().map(this::status).toList();
        }

        @Override
        public InstallResult install(String app, String version, Path artifact, String expectedSha256) {
            return new InstallResult(new InstalledArtifact(app, version, expectedSha256, 7, artifact), true);
        }

        @Override
        public Map<String, List<InstalledArtifact>> apps() {
            return Map.of();
        }

        @Override
        public int freePort() {
            try {
                return ReleaseFixture.freePort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void closeAll() {
            apps.values().forEach(FakeParticipantsApp::close);
        }
    }

    @BeforeEach
    void start() throws IOException {
        store = ControllerStore.jdbc("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        store.createApp(APP);
        agent = new FakeAgent();
        String id = APP + "-1";
        int port = ReleaseFixture.freePort();
        agent.script = n -> List.of(new Participant("http", true, 0, ""));
        agent.start(new InstanceSpec(id, APP, "v1", port, Map.of(), List.of()));
        instance = new InstanceRef(id, "127.0.0.1", port);
        store.createInstance(
                new NewInstance(id, APP, "127.0.0.1", port, "v1", RecordedInstanceState.RUNNING, Optional.of(id)));
        gateway = Gateway.start(
                GatewaySettings.builder().listen("127.0.0.1", 0).eventLoops(1).build(),
                new RoutingTable(
                        1, List.of(Route.any(APP)), List.of(App.of(APP, Member.active(id, "127.0.0.1", port)))));
        admin = AdminServer.start(
                new InetSocketAddress("127.0.0.1", 0), BearerToken.of(ADMIN_TOKEN, AdminServer.TOKEN_NAME), gateway);
    }

    @AfterEach
    void stop() {
        if (admin != null) {
            admin.close();
        }
        if (gateway != null) {
            gateway.shutdownGracefully(Duration.ofSeconds(2));
        }
        if (agent != null) {
            agent.closeAll();
        }
        if (store != null) {
            store.close();
        }
    }

    private ReleaseState release(IntFunction<List<Participant>> v1Script, Release release) {
        agent.script = v1Script;
        // The v1 app already runs: give it the script by restarting it on its port.
        agent.stop(instance.id(), Duration.ZERO);
        agent.start(new InstanceSpec(instance.id(), APP, "v1", instance.port(), Map.of(), List.of()));
        ReleaseFence fence = store.claimRelease(release.id(), "controller-1", 1);
        return ReleaseRunner.builder(store, fence, RollingPlan.of(List.of(instance), 1, 0))
                .gateways(List.of(GatewayAdminClient.of(
                        URI.create("http://127.0.0.1:" + admin.address().getPort()), ADMIN_TOKEN)))
                .agents((host, f) -> agent)
                .appToken(APP_TOKEN)
                .build()
                .run();
    }

    private Release create() throws IOException {
        // A jar as the controller checks it (a manifest with a Main-Class); the fake agent never runs it.
        Path jar = dir.resolve("shop-v2.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "shop.Main");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry("shop/README"));
            out.write("run in the test's JVM".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        ReleaseSpec spec = ReleaseSpec.builder(APP, "v2", jar)
                .drain(new DrainSpec(DEADLINE, DrainPolicy.FAIL, DrainMode.AUTO))
                .health(new HealthSpec("/ready", Duration.ofSeconds(5), Duration.ofMillis(20)))
                .warmUp(new WarmUpSpec(List.of(100), Duration.ZERO, 0.01))
                .stopTimeout(Duration.ofSeconds(2))
                .build();
        return store.createRelease(spec, "v1");
    }

    private List<String> details(Release release, StepStatus status) {
        return store.steps(release.id()).stream()
                .filter(s -> s.status() == status)
                .map(StepRecord::detail)
                .toList();
    }

    @Test
    void theDrainedEventShowsEachParticipantsWait() throws IOException {
        Release release = create();

        ReleaseState end = release(
                n -> List.of(
                        new Participant("http", true, 0, ""),
                        n >= 3 ? new Participant("rabbitmq", true, 0, "") : STUCK),
                release);

        assertThat(end).as("%s", store.steps(release.id())).isEqualTo(ReleaseState.SUCCEEDED);
        assertThat(store.steps(release.id()))
                .filteredOn(s -> s.step() == InstanceStep.DRAINED && s.status() == StepStatus.DONE)
                .singleElement()
                .extracting(StepRecord::detail)
                .asString()
                .matches("drained in \\d+ ms: gateways 0 in flight, app idle \\(http \\d+ ms, rabbitmq \\d+ ms\\)");
        assertThat(agent.versions).containsEntry(instance.id(), "v2");
    }

    @Test
    void aParticipantStuckPastTheDeadlineFailsTheDrainNamingItAndTheReleaseRollsBack() throws IOException {
        Release release = create();

        ReleaseState end = release(n -> List.of(new Participant("http", true, 0, ""), STUCK), release);

        assertThat(end).as("%s", store.steps(release.id())).isEqualTo(ReleaseState.ROLLED_BACK);
        assertThat(details(release, StepStatus.FAILED))
                .contains("drain deadline 1s passed: not idle: rabbitmq (2 in flight: 2 message(s) in hand on queue"
                        + " orders)");
        assertThat(agent.versions).containsEntry(instance.id(), "v1");
        assertThat(agent.apps.get(instance.id()).draining())
                .as("the v1 app was told to resume")
                .isFalse();
        assertThat(gateway.tables().current().member(instance.id()))
                .hasValueSatisfying(m -> assertThat(m.state()).isEqualTo(MemberState.ACTIVE));
    }
}
