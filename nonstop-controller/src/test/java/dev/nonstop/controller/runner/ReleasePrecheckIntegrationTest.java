package dev.nonstop.controller.runner;

import static dev.nonstop.controller.runner.ReleaseFixture.APP;
import static dev.nonstop.controller.runner.ReleaseFixture.APP_TOKEN;
import static dev.nonstop.controller.runner.ReleaseFixture.ENV;
import static dev.nonstop.controller.runner.ReleaseFixture.JVM_ARGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nonstop.agent.Caller;
import dev.nonstop.agent.contract.InstanceStatus;
import dev.nonstop.common.fencing.Fence;
import dev.nonstop.common.token.BearerToken;
import dev.nonstop.controller.api.ControllerApiServer;
import dev.nonstop.controller.api.ReleaseEvents;
import dev.nonstop.controller.release.plan.InstanceRef;
import dev.nonstop.controller.release.spec.DrainPolicy;
import dev.nonstop.controller.release.spec.HealthSpec;
import dev.nonstop.controller.release.spec.ReleaseSpec;
import dev.nonstop.controller.release.spec.SmokeCheck;
import dev.nonstop.controller.release.spec.WarmUpSpec;
import dev.nonstop.controller.release.state.InstanceStep;
import dev.nonstop.controller.release.state.ReleaseCommand;
import dev.nonstop.controller.release.state.ReleaseState;
import dev.nonstop.controller.service.ReleaseService;
import dev.nonstop.controller.store.Release;
import dev.nonstop.controller.store.ReleaseFence;
import dev.nonstop.controller.store.StepRecord;
import dev.nonstop.controller.store.StepStatus;
import dev.nonstop.coordination.LockService;
import dev.nonstop.coordination.jdbc.JdbcLeaseStore;
import dev.nonstop.coordination.lease.LeaseLockService;
import dev.nonstop.gateway.contract.MemberState;
import dev.nonstop.testing.load.LoadRun;
import dev.nonstop.testing.load.Report;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A release is checked before it touches anything: an artifact that is not a runnable jar, or a version name already
 * known with another jar, is refused when the release is asked for (nothing created), and an artifact that cannot be
 * staged on a host fails the release before the first drain (no member leaves ACTIVE, no process stops). Through the
 * controller's real API and release service, against a real gateway, agent and three sample app processes.
 */
@Timeout(180)
class ReleasePrecheckIntegrationTest {
    private static final Logger log = LoggerFactory.getLogger(ReleasePrecheckIntegrationTest.class);
    private static final String TOKEN = "api-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ReleaseFixture cluster;
    private LockService locks;
    private ReleaseService service;
    private ControllerApiServer api;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        cluster = new ReleaseFixture(dir);
        locks = LeaseLockService.builder(
                        JdbcLeaseStore.builder(cluster.store.dataSource()).build())
                .build();
        ReleaseEvents events = new ReleaseEvents();
        service = new ReleaseService(
                cluster.store,
                locks,
                "controller-p",
                events,
                (host, fence) -> cluster.agent.as(new Caller("controller", Optional.of(fence))),
                (release, runner) -> runner.gateways(List.of(cluster.adminClient()))
                        .appToken(APP_TOKEN)
                        .env(ENV)
                        .jvmArgs(JVM_ARGS),
                Duration.ofSeconds(2),
                Clock.systemUTC());
        api = ControllerApiServer.builder(cluster.store, service, events)
                .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .token(BearerToken.of(TOKEN, ControllerApiServer.TOKEN_NAME))
                .start();
    }

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
        if (service != null) {
            service.close();
        }
        if (locks != null) {
            locks.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    // ---- refused at creation

    @Test
    void aReleaseOfEtcPasswdIsRefusedWith400NamingTheArtifactAndCreatesNothing() throws Exception {
        Untouched before = untouched();

        Reply reply = startRelease("v2", Path.of("/etc/passwd"));

        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(400);
        assertThat(reply.body().path("problems").get(0).path("path").asText()).isEqualTo("artifact");
        assertThat(reply.body().path("problems").get(0).path("message").asText())
                .isEqualTo("/etc/passwd (expected: a runnable jar with Main-Class in its manifest)");
        assertThat(cluster.store.releases(APP)).as("no release row").isEmpty();
        before.assertStillSo();
    }

    @Test
    void aTextFileRenamedJarIsRefusedWith400AndCreatesNothing() throws Exception {
        Path fake = Files.writeString(dir.resolve("shop-v2.jar"), "Main-Class: dev.nonstop.sample.Main\n");

        Reply reply = startRelease("v2", fake);

        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(400);
        assertThat(reply.body().path("problems").get(0).path("message").asText())
                .isEqualTo(fake + " (expected: a runnable jar with Main-Class in its manifest)");
        assertThat(cluster.store.releases(APP)).isEmpty();
    }

    @Test
    void theCurrentVersionNameReusedWithADifferentJarIsRefusedWith409AndTheInstancesAreUntouched() throws Exception {
        Untouched before = untouched();
        Path v2 = ReleaseFixture.jar("v2"); // a runnable jar, not the one installed as v1

        Reply reply = startRelease("v1", v2);

        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(409);
        assertThat(reply.body().path("error").asText())
                .contains("shop v1 is already known with sha256 "
                        + sha256(ReleaseFixture.jar("v1")).substring(0, 12))
                .contains("installed on 127.0.0.1")
                .contains("this artifact's sha256 is " + sha256(v2).substring(0, 12));
        assertThat(cluster.store.releases(APP)).isEmpty();
        before.assertStillSo();
    }

    @Test
    void aVersionNameOfAnEarlierReleaseReusedWithADifferentJarIsRefusedWith409() throws Exception {
        Path v2 = ReleaseFixture.jar("v2");
        Release earlier = cluster.store.createRelease(
                spec(v2).toBuilder().artifactSha256(sha256(v2)).build(), "v1");
        cluster.store.applyCommand(earlier.id(), ReleaseCommand.ABORT); // settled, never ran
        Path rebuilt = variantOf(v2, dir.resolve("shop-v2-rebuilt.jar"));

        Reply reply = startRelease("v2", rebuilt);

        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(409);
        assertThat(reply.body().path("error").asText())
                .contains("shop v2 is already known with sha256 " + sha256(v2).substring(0, 12))
                .contains("release " + earlier.id())
                .contains(sha256(rebuilt).substring(0, 12));
        assertThat(cluster.store.releases(APP)).extracting(Release::id).containsExactly(earlier.id());

        Reply same = startRelease("v2", v2);
        assertThat(same.status()).as("the same jar again: " + same.body()).isEqualTo(201);
        assertThat(cluster.store
                        .release(same.body().path("id").asText())
                        .orElseThrow()
                        .spec()
                        .artifactSha256())
                .as("the checksum recorded with the release")
                .contains(sha256(v2));
        await().atMost(Duration.ofSeconds(120)).until(() -> cluster.store
                .release(same.body().path("id").asText())
                .orElseThrow()
                .state()
                .isSettled());
    }

    // ---- staged before the first drain

    @Test
    void anArtifactChangedAfterCreationFailsTheReleaseBeforeAnyInstanceIsDrainedWithZeroFailedRequests()
            throws Exception {
        Path artifact = Files.copy(ReleaseFixture.jar("v2"), dir.resolve("shop-v2.jar"));
        String recorded = sha256(artifact);
        // Created as the release service creates it: checked, its checksum recorded...
        Release release = cluster.store.createRelease(
                spec(artifact).toBuilder().artifactSha256(recorded).build(), "v1");
        ReleaseFence fence = cluster.store.claimRelease(release.id(), "controller-1", 1);
        // ...then the file is replaced by another runnable jar before the release runs.
        Files.move(variantOf(artifact, dir.resolve("other.jar")), artifact, StandardCopyOption.REPLACE_EXISTING);
        Untouched before = untouched();

        ReleaseState end;
        Report report;
        try (LoadRun load = cluster.load().start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> load.report().succeeded() >= 100);
            end = cluster.runner(cluster.store, fence, cluster.plan(1, 0))
                    .build()
                    .run();
            await().atMost(Duration.ofSeconds(10)).until(() -> load.report().succeeded() >= 200);
            load.stop();
            report = load.awaitCompletion(Duration.ofSeconds(30));
        }
        log.info("release of a changed artifact: {}", report.summary());

        assertThat(end).isEqualTo(ReleaseState.FAILED);
        assertThat(report.failed()).as(report.toString()).isZero();
        Release after = cluster.store.release(release.id()).orElseThrow();
        assertThat(after.state()).isEqualTo(ReleaseState.FAILED);
        assertThat(after.error())
                .get()
                .asString()
                .contains("no instance touched")
                .contains("127.0.0.1")
                .contains("checksum mismatch");
        assertThat(cluster.store.steps(release.id()))
                .as("only the staging of the one host, failed; no step of any instance, no rollback")
                .extracting(StepRecord::instanceId, StepRecord::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("stage@127.0.0.1", StepStatus.STARTED),
                        org.assertj.core.groups.Tuple.tuple("stage@127.0.0.1", StepStatus.FAILED));
        before.assertStillSo();
        assertThat(cluster.agent.apps().get(APP)).as("nothing installed as v2").noneMatch(a -> a.version()
                .equals("v2"));
    }

    @Test
    void aReleaseStagesItsVersionOnEveryHostBeforeTheFirstDrainAndTheDeployStepDoesNotCopyItAgain() throws Exception {
        Reply reply = startRelease("v2", ReleaseFixture.jar("v2"));
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(201);
        String id = reply.body().path("id").asText();

        await().atMost(Duration.ofSeconds(120))
                .until(() -> cluster.store.release(id).orElseThrow().state().isSettled());

        assertThat(cluster.store.release(id).orElseThrow().state()).isEqualTo(ReleaseState.SUCCEEDED);
        List<StepRecord> steps = cluster.store.steps(id);
        assertThat(steps.get(0).instanceId()).isEqualTo("stage@127.0.0.1");
        assertThat(steps.get(1))
                .satisfies(s -> assertThat(s.instanceId()).isEqualTo("stage@127.0.0.1"))
                .satisfies(s -> assertThat(s.status()).isEqualTo(StepStatus.DONE))
                .satisfies(s ->
                        assertThat(s.detail()).isEqualTo("installed v2 sha256 " + sha256(ReleaseFixture.jar("v2"))));
        assertThat(steps)
                .filteredOn(s -> s.step().name().equals("DEPLOYED") && s.status() == StepStatus.DONE)
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.detail()).startsWith("already staged v2"));
        for (InstanceRef ref : cluster.instances) {
            assertThat(cluster.versionOf(ref)).isEqualTo("v2");
        }
    }

    // ---- taken over

    @Test
    void aControllerTakingOverAReleaseWhoseStagingFailedEndsItFailedWithoutTouchingAnInstance() throws Exception {
        Path v2 = ReleaseFixture.jar("v2");
        Release release = cluster.store.createRelease(
                spec(v2).toBuilder().artifactSha256(sha256(v2)).build(), "v1");
        ReleaseFence first = cluster.store.claimRelease(release.id(), "controller-1", 1);
        cluster.store.updateReleaseState(first, ReleaseState.PENDING, ReleaseState.RUNNING);
        String row = ArtifactStaging.rowId("127.0.0.1");
        cluster.store.recordStepStarted(first, row, InstanceStep.STAGED, "");
        cluster.store.recordStepFailed(first, row, InstanceStep.STAGED, "127.0.0.1: No space left on device");
        // controller-1 is gone before it moved the release to FAILED
        Untouched before = untouched();
        ReleaseFence second = cluster.store.claimRelease(release.id(), "controller-2", 2);

        ReleaseState end = cluster.runner(cluster.store, second, cluster.plan(1, 0))
                .build()
                .run();

        assertThat(end).isEqualTo(ReleaseState.FAILED);
        assertThat(cluster.store.release(release.id()).orElseThrow().error())
                .get()
                .asString()
                .contains("127.0.0.1: No space left on device");
        assertThat(cluster.store.steps(release.id()))
                .extracting(StepRecord::instanceId)
                .containsOnly(row);
        before.assertStillSo();
    }

    @Test
    void aControllerTakingOverAfterTheStagingGoesOnWithoutStagingOrCopyingAgain() throws Exception {
        Path v2 = ReleaseFixture.jar("v2");
        ReleaseSpec spec = spec(v2).toBuilder().artifactSha256(sha256(v2)).build();
        Release release = cluster.store.createRelease(spec, "v1");
        ReleaseFence first = cluster.store.claimRelease(release.id(), "controller-1", 1);
        cluster.store.updateReleaseState(first, ReleaseState.PENDING, ReleaseState.RUNNING);
        Optional<String> staged = new ArtifactStaging(
                        cluster.store,
                        first,
                        spec,
                        host -> cluster.agent.as(new Caller("controller", Optional.of(new Fence(release.id(), 1)))),
                        Clock.systemUTC(),
                        List.of())
                .stage(new TreeSet<>(List.of("127.0.0.1")));
        assertThat(staged).isEmpty();
        // controller-1 is gone after the staging, before any instance moved
        ReleaseFence second = cluster.store.claimRelease(release.id(), "controller-2", 2);

        ReleaseState end = cluster.runner(cluster.store, second, cluster.plan(3, 0))
                .build()
                .run();

        assertThat(end).isEqualTo(ReleaseState.SUCCEEDED);
        assertThat(cluster.store.steps(release.id()))
                .filteredOn(s -> s.instanceId().equals(ArtifactStaging.rowId("127.0.0.1")))
                .as("staged once, by controller-1")
                .extracting(StepRecord::status)
                .containsExactly(StepStatus.STARTED, StepStatus.DONE);
        assertThat(Files.readAllLines(cluster.agent.auditLog()))
                .as("v2 sent to the agent once")
                .filteredOn(line -> line.contains("\"install shop v2"))
                .hasSize(1);
        for (InstanceRef ref : cluster.instances) {
            assertThat(cluster.versionOf(ref)).isEqualTo("v2");
        }
    }

    // ---- helpers

    private static ReleaseSpec spec(Path artifact) {
        return ReleaseSpec.builder(APP, "v2", artifact)
                .batchSize(1)
                .drain(Duration.ofSeconds(20), DrainPolicy.FAIL)
                .health(new HealthSpec("/ready", Duration.ofSeconds(20), Duration.ofMillis(50)))
                .smokeChecks(List.of(SmokeCheck.get("/version", 200)))
                .warmUp(new WarmUpSpec(List.of(100), Duration.ofMillis(100), 0.01))
                .stopTimeout(Duration.ofSeconds(10))
                .build();
    }

    private record Reply(int status, JsonNode body) {}

    private Reply startRelease(String version, Path artifact) throws Exception {
        ObjectNode body = JSON.createObjectNode()
                .put("app", APP)
                .put("version", version)
                .put("artifact", artifact.toString())
                .put("batchSize", 3);
        body.putObject("health").put("timeout", "20s").put("interval", "50ms");
        body.putObject("warmUp")
                .put("stepInterval", "100ms")
                .putArray("weightSteps")
                .add(100);
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + api.address().getPort() + "/api/releases"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), JSON.readTree(response.body()));
    }

    /** A copy of {@code jar} with one more entry: still runnable, another checksum. */
    private static Path variantOf(Path jar, Path target) throws IOException {
        Files.copy(jar, target, StandardCopyOption.REPLACE_EXISTING);
        try (FileSystem zip = FileSystems.newFileSystem(target)) {
            Files.writeString(
                    zip.getPath("nonstop-test-variant.txt"),
                    target.getFileName().toString());
        }
        return target;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** What "no instance touched" means: the gateway's table as it was, every process the same, no stop asked. */
    private Untouched untouched() {
        return new Untouched(
                cluster.gateway.tables().current().version(),
                cluster.agent.instances().stream().collect(Collectors.toMap(InstanceStatus::instanceId, s -> s.pid()
                        .orElse(-1))));
    }

    private final class Untouched {
        private final long tableVersion;
        private final Map<String, Long> pids;

        Untouched(long tableVersion, Map<String, Long> pids) {
            this.tableVersion = tableVersion;
            this.pids = pids;
        }

        void assertStillSo() throws IOException {
            // Every change of a member's state or weight is a new table version: the same version means that no
            // member ever left ACTIVE at full weight.
            assertThat(cluster.gateway.tables().current().version())
                    .as("the gateway's table version")
                    .isEqualTo(tableVersion);
            assertThat(cluster.gateway.tables().current().members())
                    .allSatisfy(m -> assertThat(m.state()).isEqualTo(MemberState.ACTIVE));
            assertThat(cluster.agent.instances().stream()
                            .collect(Collectors.toMap(
                                    InstanceStatus::instanceId, s -> s.pid().orElse(-1))))
                    .as("the same processes, each still running")
                    .isEqualTo(pids);
            assertThat(cluster.agent.instances())
                    .allSatisfy(s -> assertThat(s.state().isLive()).isTrue());
            assertThat(Files.readAllLines(cluster.agent.auditLog()))
                    .as("the agent was never asked to stop anything")
                    .noneMatch(line -> line.contains("\"stop "));
        }
    }
}
