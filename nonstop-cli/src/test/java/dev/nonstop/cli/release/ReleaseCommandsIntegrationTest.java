package dev.nonstop.cli.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nonstop.cli.NonstopCommand;
import dev.nonstop.common.token.BearerToken;
import dev.nonstop.controller.api.ControllerApiServer;
import dev.nonstop.controller.api.ReleaseEvents;
import dev.nonstop.controller.release.state.InstanceStep;
import dev.nonstop.controller.release.state.InstanceTransition;
import dev.nonstop.controller.release.state.ReleaseState;
import dev.nonstop.controller.store.AuditQuery;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.NewInstance;
import dev.nonstop.controller.store.RecordedInstanceState;
import dev.nonstop.controller.store.Release;
import dev.nonstop.controller.store.ReleaseFence;
import dev.nonstop.testing.leak.NettyLeakDetectionExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The release commands through picocli against a real controller API (127.0.0.1, port 0) on an H2 in-memory store.
 * The test plays the release runner: it moves releases in the store and publishes their events.
 */
@ExtendWith(NettyLeakDetectionExtension.class)
class ReleaseCommandsIntegrationTest {
    private static final String TOKEN = "cli-test-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SNAPSHOT_LINE =
            Pattern.compile("\\d\\d:\\d\\d:\\d\\d release \\S+ shop 1\\.0\\.0 -> 2\\.0\\.0 PENDING");

    @TempDir
    Path dir;

    private ControllerStore store;
    private ReleaseEvents events;
    private ControllerApiServer server;
    private String url;
    private Path tokenFile;
    private Path jar;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws IOException {
        store = ControllerStore.jdbc("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        events = new ReleaseEvents();
        server = ControllerApiServer.builder(store, new StoreOnlyReleaseOperations(store), events)
                .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .token(BearerToken.of(TOKEN, ControllerApiServer.TOKEN_NAME))
                .keepAliveInterval(Duration.ofMillis(200))
                .start();
        url = "http://127.0.0.1:" + server.address().getPort();
        tokenFile = Files.writeString(dir.resolve("controller.token"), TOKEN + "\n");
        jar = Files.writeString(dir.resolve("shop-2.0.0.jar"), "a jar");
        store.createApp("shop");
        for (int i = 1; i <= 3; i++) {
            store.createInstance(new NewInstance(
                    "shop-" + i,
                    "shop",
                    "127.0.0.1",
                    8080 + i,
                    "1.0.0",
                    RecordedInstanceState.RUNNING,
                    Optional.of("shop-" + i)));
        }
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    // ---- helpers

    /** Runs {@code nonstop ARGS --controller URL --token-file F}. */
    private int run(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--controller", url, "--token-file", tokenFile.toString()));
        return runRaw(all.toArray(String[]::new));
    }

    private int runRaw(String... args) {
        CommandLine cli = NonstopCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private CompletableFuture<Integer> startInBackground() {
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> run("release", "start", "shop", "--version", "2.0.0", "--artifact", jar.toString(), "--plain"));
        // The stream sends the release's snapshot after it subscribed to live events: from then on none is missed.
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        exit.isDone() || SNAPSHOT_LINE.matcher(out.toString()).find());
        assertThat(exit).as("err: %s", err).isNotDone();
        return exit;
    }

    private String onlyRelease() {
        List<Release> releases = store.releases("shop");
        assertThat(releases).hasSize(1);
        return releases.get(0).id();
    }

    /** Plays the runner: claims the release and moves it to RUNNING, in the store and on the bus. */
    private ReleaseFence running(String id) {
        ReleaseFence fence = store.claimRelease(id, "test-runner", 1);
        store.updateReleaseState(fence, ReleaseState.PENDING, ReleaseState.RUNNING);
        events.stateChanged(id, ReleaseState.PENDING, ReleaseState.RUNNING, Instant.now(), null);
        return fence;
    }

    private void settle(ReleaseFence fence, String id, ReleaseState to, String error) {
        store.updateReleaseState(fence, ReleaseState.RUNNING, to, error);
        events.stateChanged(id, ReleaseState.RUNNING, to, Instant.now(), error);
    }

    private String detached() {
        int exit = run("release", "start", "shop", "--version", "2.0.0", "--artifact", jar.toString(), "--detach");
        assertThat(exit).as("err: %s", err).isZero();
        String id = out.toString().strip();
        out.getBuffer().setLength(0);
        return id;
    }

    // ---- release start

    @Test
    void startShowsEachInstanceStepAndExitsZeroWhenTheReleaseSucceeds() throws Exception {
        CompletableFuture<Integer> exit = startInBackground();
        String id = onlyRelease();
        ReleaseFence fence = running(id);
        Instant t0 = Instant.now();
        events.onTransition(
                new InstanceTransition(id, "shop-1", InstanceStep.RUNNING_OLD, InstanceStep.DRAINING, t0, ""));
        events.onTransition(new InstanceTransition(
                id,
                "shop-1",
                InstanceStep.DRAINING,
                InstanceStep.DRAINED,
                t0.plusMillis(83),
                "gateways 0 in flight, app in flight 0, idle"));
        settle(fence, id, ReleaseState.SUCCEEDED, null);

        assertThat(exit.get(10, TimeUnit.SECONDS)).as("err: %s", err).isZero();
        assertThat(out.toString())
                .contains("release " + id + " started: shop 1.0.0 -> 2.0.0")
                .containsPattern("\\d\\d:\\d\\d:\\d\\d release PENDING -> RUNNING")
                .containsPattern("\\d\\d:\\d\\d:\\d\\d shop-1 RUNNING_OLD -> DRAINING\n")
                .containsPattern(
                        "\\d\\d:\\d\\d:\\d\\d shop-1 DRAINING -> DRAINED \\(83 ms\\): gateways 0 in flight, app in flight 0")
                .containsPattern("release RUNNING -> SUCCEEDED")
                .containsPattern("release " + id + " SUCCEEDED in [0-9.]+ (ms|s) \\(shop 1\\.0\\.0 -> 2\\.0\\.0\\)");
        assertThat(err.toString()).isEmpty();
        assertThat(store.releases("shop").get(0).spec().artifact()).isEqualTo(jar.toAbsolutePath());
    }

    @Test
    void startExitsOneWithTheErrorWhenTheReleaseFails() throws Exception {
        CompletableFuture<Integer> exit = startInBackground();
        String id = onlyRelease();
        ReleaseFence fence = running(id);
        events.onTransition(new InstanceTransition(
                id, "shop-1", InstanceStep.STARTED, InstanceStep.FAILED, Instant.now(), "readiness 503"));
        settle(fence, id, ReleaseState.FAILED, "shop-1 never became healthy: /ready answered 503");

        assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(out.toString()).contains("shop-1 STARTED -> FAILED").contains("release " + id + " FAILED in ");
        assertThat(err.toString())
                .contains("nonstop release start: release " + id + " FAILED:"
                        + " shop-1 never became healthy: /ready answered 503");
    }

    @Test
    void detachPrintsTheIdAndExitsZeroRightAfterCreation() {
        String id = detached();

        assertThat(id).isEqualTo(onlyRelease());
        assertThat(store.release(id).orElseThrow().state()).isEqualTo(ReleaseState.PENDING);
    }

    @Test
    void batchOfZeroExitsTwoWithoutARequest() {
        int exit = run("release", "start", "shop", "--version", "2.0.0", "--artifact", jar.toString(), "--batch", "0");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("nonstop release start: --batch: 0 (expected: >= 1)");
        assertThat(out.toString()).isEmpty();
        assertThat(store.releases("shop")).isEmpty();
        assertThat(store.audit(AuditQuery.latest(10)))
                .as("nothing reached the controller")
                .isEmpty();
    }

    @Test
    void warmUpStepsAndIntervalReachTheReleaseSpec() {
        int exit = run(
                "release",
                "start",
                "shop",
                "--version",
                "2.0.0",
                "--artifact",
                jar.toString(),
                "--warm-up-steps",
                "50,100",
                "--warm-up-interval",
                "500ms",
                "--detach");

        assertThat(exit).as("err: %s", err).isZero();
        var warmUp = store.releases("shop").get(0).spec().warmUp();
        assertThat(warmUp.weightSteps()).containsExactly(50, 100);
        assertThat(warmUp.stepInterval()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void badWarmUpStepsExitTwoWithoutARequest() {
        String[][] cases = {
            {"0,100", "--warm-up-steps: 0 (expected: 1 to 100 percent)"},
            {"50,50,100", "--warm-up-steps: 50 (expected: > 50 (steps increase))"},
            {"25,50", "--warm-up-steps: 50 (expected: the last step 100)"}
        };
        for (String[] c : cases) {
            err.getBuffer().setLength(0);

            int exit = run(
                    "release",
                    "start",
                    "shop",
                    "--version",
                    "2.0.0",
                    "--artifact",
                    jar.toString(),
                    "--warm-up-steps",
                    c[0]);

            assertThat(exit).as(c[0]).isEqualTo(2);
            assertThat(err.toString()).contains("nonstop release start: " + c[1]);
        }
        int exit = run(
                "release",
                "start",
                "shop",
                "--version",
                "2.0.0",
                "--artifact",
                jar.toString(),
                "--warm-up-interval",
                "PT-1S");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--warm-up-interval: PT-1S (expected: >= 0)");
        assertThat(out.toString()).isEmpty();
        assertThat(store.releases("shop")).isEmpty();
    }

    @Test
    void missingArtifactExitsTwoWithoutARequest() {
        Path missing = dir.resolve("nope.jar");

        int exit = run("release", "start", "shop", "--version", "2.0.0", "--artifact", missing.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--artifact: " + missing + " (expected: an existing file)");
        assertThat(store.audit(AuditQuery.latest(10))).isEmpty();
    }

    @Test
    void unknownAppExitsTwoNamingIt() {
        int exit = run("release", "start", "nope", "--version", "2.0.0", "--artifact", jar.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("app: nope (expected: a registered app)");
        assertThat(store.releases("shop")).isEmpty();
    }

    @Test
    void everyProblemTheControllerFindsIsPrinted() {
        int exit = run("release", "start", "nope", "--version", "not a version", "--artifact", jar.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .contains("nonstop release start: 2 problems:")
                .contains("  app: nope")
                .contains("  version: ");
    }

    @Test
    void aSecondReleaseWhileOneIsInProgressExitsOne() {
        String first = detached();

        int exit = run("release", "start", "shop", "--version", "3.0.0", "--artifact", jar.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("has a release in progress: " + first);
        assertThat(store.releases("shop")).hasSize(1);
    }

    @Test
    void unreachableControllerExitsOneAndSaysHowToStartIt() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        url = "http://127.0.0.1:" + port;

        int exit = run("release", "start", "shop", "--version", "2.0.0", "--artifact", jar.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString())
                .contains("the controller is not reachable at http://127.0.0.1:" + port + " (")
                .contains("nonstop up");
    }

    @Test
    void aWrongTokenExitsTwoAndSaysWhereTheTokenCameFrom() throws IOException {
        Files.writeString(tokenFile, "not-the-token");

        int exit = run("status");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("nonstop status:").contains("token: from " + tokenFile.toAbsolutePath());
    }

    // ---- pause, resume, abort, rollback

    @Test
    void pauseResumeAbortAndRollbackApplyWhenLegal() {
        String id = detached();
        running(id);

        assertThat(run("release", "pause", id)).as("err: %s", err).isZero();
        assertThat(run("release", "resume", id)).isZero();
        assertThat(run("release", "abort", id)).isZero();
        assertThat(run("release", "rollback", id)).isZero();

        assertThat(out.toString())
                .isEqualTo(String.join(
                        System.lineSeparator(),
                        "release " + id + " PAUSED",
                        "release " + id + " RUNNING",
                        "release " + id + " ABORTING",
                        "release " + id + " ROLLING_BACK",
                        ""));
        assertThat(store.release(id).orElseThrow().state()).isEqualTo(ReleaseState.ROLLING_BACK);
    }

    @Test
    void anIllegalCommandExitsOneAndChangesNothing() {
        String id = detached();
        running(id);

        int exit = run("release", "resume", id);

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("nonstop release resume: cannot RESUME a RUNNING release");
        assertThat(out.toString()).isEmpty();
        assertThat(store.release(id).orElseThrow().state()).isEqualTo(ReleaseState.RUNNING);
    }

    @Test
    void aCommandOnAnUnknownReleaseExitsTwo() {
        assertThat(run("release", "pause", "no-such-release")).isEqualTo(2);
        assertThat(err.toString()).contains("release no-such-release: not found");
    }

    // ---- release status and watch

    @Test
    void releaseStatusShowsTheLatestReleaseOfTheAppAndItsInstances() throws Exception {
        String id = detached();
        ReleaseFence fence = running(id);
        store.recordStepStarted(fence, "shop-1", InstanceStep.DRAINED, "");
        store.recordStepDone(fence, "shop-1", InstanceStep.DRAINED, "gateways 0 in flight");

        assertThat(run("release", "status", "--app", "shop")).as("err: %s", err).isZero();
        assertThat(out.toString())
                .contains("release " + id + "  shop 1.0.0 -> 2.0.0  RUNNING")
                .containsPattern("shop-1 +DRAINED +DONE +\\d\\d:\\d\\d:\\d\\d +gateways 0 in flight");

        out.getBuffer().setLength(0);
        assertThat(run("release", "status", id, "--json")).isZero();
        JsonNode json = JSON.readTree(out.toString());
        assertThat(json.path("id").asText()).isEqualTo(id);
        assertThat(json.path("state").asText()).isEqualTo("RUNNING");
        assertThat(json.path("instances").get(0).path("step").asText()).isEqualTo("DRAINED");
    }

    @Test
    void releaseStatusOfAnUnknownAppExitsTwoNamingIt() {
        assertThat(run("release", "status", "--app", "nope")).isEqualTo(2);
        assertThat(err.toString()).contains("app nope: not found");
    }

    @Test
    void watchReplaysASettledReleaseAndExitsOneWhenItFailed() {
        String id = detached();
        ReleaseFence fence = running(id);
        store.recordStepStarted(fence, "shop-2", InstanceStep.HEALTHY, "");
        store.recordStepFailed(fence, "shop-2", InstanceStep.HEALTHY, "readiness 503");
        store.updateReleaseState(fence, ReleaseState.RUNNING, ReleaseState.FAILED, "shop-2 is not healthy");

        int exit = run("release", "watch", id, "--plain");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString())
                .containsPattern("release " + id + " shop 1.0.0 -> 2.0.0 FAILED")
                .containsPattern("\\d\\d:\\d\\d:\\d\\d shop-2 HEALTHY FAILED \\(\\d+ ms\\): readiness 503")
                .contains("release " + id + " FAILED in ");
        assertThat(err.toString()).contains("nonstop release watch: release " + id + " FAILED: shop-2 is not healthy");
    }

    // ---- status

    @Test
    void statusListsAppsInstancesVersionsStatesAndTheLatestRelease() throws Exception {
        assertThat(run("status")).as("err: %s", err).isZero();
        assertThat(out.toString())
                .contains("controller " + url + System.lineSeparator())
                .contains("app shop: 3 instances (RUNNING: 3; versions 1.0.0: 3)")
                .containsPattern("shop-2 +127\\.0\\.0\\.1:8082 +1\\.0\\.0 +RUNNING")
                .contains("no releases yet");

        out.getBuffer().setLength(0);
        String id = detached();
        out.getBuffer().setLength(0);
        assertThat(run("status", "--json")).isZero();
        JsonNode json = JSON.readTree(out.toString());
        JsonNode shop = json.path("apps").get(0);
        assertThat(shop.path("name").asText()).isEqualTo("shop");
        assertThat(shop.path("instances")).hasSize(3);
        assertThat(shop.path("latestRelease").path("id").asText()).isEqualTo(id);
        assertThat(shop.path("latestRelease").path("state").asText()).isEqualTo("PENDING");
    }
}
