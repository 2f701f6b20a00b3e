package dev.nonstop.cli.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nonstop.cli.DemoApps;
import dev.nonstop.cli.NonstopCommand;
import dev.nonstop.cli.up.Platform;
import dev.nonstop.cli.up.PlatformConfig;
import dev.nonstop.controller.release.state.ReleaseState;
import dev.nonstop.gateway.contract.client.GatewayAdminClient;
import dev.nonstop.testing.leak.NettyLeakDetectionExtension;
import dev.nonstop.testing.load.LoadGenerator;
import dev.nonstop.testing.load.LoadRun;
import dev.nonstop.testing.load.Report;
import dev.nonstop.testing.load.RequestSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code nonstop release pause|resume|abort|rollback} through picocli against the real thing: the embedded platform of
 * {@code nonstop up} (controller, release runner, gateway, local agent) with three sample-app instances, load through
 * the gateway, and a release with a slow warm-up so that the commands land in the middle of it. Each test checks what
 * the command printed and exited with, and what really happened: the release's state and steps in the API, the
 * version each instance serves, the gateway's members, and no failed request.
 *
 * <p>The platform is shared by the tests (starting three JVMs per test would double the class's time); each test
 * releases from the version every instance runs when it starts ({@link #from}) to the other one ({@link #to}), and
 * leaves every instance on one version again.
 */
@Timeout(150)
@ExtendWith(NettyLeakDetectionExtension.class)
class OperatorCommandsIntegrationTest {
    private static final String APP = "shop";
    private static final List<String> INSTANCES = List.of("shop-1", "shop-2", "shop-3");
    /** The progress row of the release's first phase: the new version staged on the one host. */
    private static final String STAGING = "stage@127.0.0.1";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NL = System.lineSeparator();

    @TempDir
    static Path dir;

    private static Platform platform;
    private static Path v1;
    private static Path v2;
    private static int basePort;
    private static String controllerUrl;
    private static Path tokenFile;
    private static ControllerClient api;
    private static GatewayAdminClient gatewayAdmin;
    private static HttpClient http;

    /** The version every instance runs before the test's release, and the one it releases. */
    private String from;

    private String to;
    private Path toArtifact;

    @BeforeAll
    static void startPlatform() throws Exception {
        v1 = DemoApps.extract(dir, "nonstop-sample-app-v1.jar");
        v2 = DemoApps.extract(dir, "nonstop-sample-app-v2.jar");
        basePort = DemoApps.freePortRange(INSTANCES.size());
        InetSocketAddress anyPort = InetSocketAddress.createUnresolved("127.0.0.1", 0);
        platform = Platform.start(
                new PlatformConfig(
                        dir.resolve(".nonstop"),
                        anyPort,
                        anyPort,
                        anyPort,
                        "h2",
                        "",
                        "",
                        List.of(new PlatformConfig.AppConfig(
                                APP,
                                "v1",
                                v1,
                                INSTANCES.size(),
                                basePort,
                                "/ready",
                                Map.of(
                                        "SAMPLE_SESSION_SECRET",
                                        "operator-commands-test",
                                        "SAMPLE_STARTUP_DELAY_MS",
                                        "100")))),
                System.out);
        controllerUrl = "http://127.0.0.1:" + platform.apiAddress().getPort();
        tokenFile = dir.resolve(".nonstop/controller.token");
        api = new ControllerClient(
                URI.create(controllerUrl),
                Optional.of(Files.readString(tokenFile).strip()),
                "from " + tokenFile);
        gatewayAdmin = GatewayAdminClient.of(
                URI.create("http://127.0.0.1:" + platform.adminAddress().getPort()),
                Files.readString(dir.resolve(".nonstop/gateway.token")).strip());
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close(); // stops the agent's instances too
        }
        if (http != null) {
            http.shutdownNow();
        }
        // Instances a failed close left behind: only the processes started from this test's directory.
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(dir.toString()))
                .forEach(ProcessHandle::destroyForcibly);
    }

    @BeforeEach
    void everyInstanceServesOneVersion() {
        Map<String, String> versions = storedVersions();
        assertThat(versions.keySet()).containsExactlyElementsOf(INSTANCES);
        assertThat(new HashSet<>(versions.values()))
                .as("every instance on one version before the test: %s", versions)
                .hasSize(1);
        from = versions.get("shop-1");
        to = from.equals("v1") ? "v2" : "v1";
        toArtifact = to.equals("v1") ? v1 : v2;
    }

    /** A test that failed mid-release leaves it rolled back, so that the next one starts from one version. */
    @AfterEach
    void settleWhatIsLeft() {
        for (JsonNode release : api.releases(APP)) {
            String id = release.path("id").asText();
            if (!ReleaseState.valueOf(release.path("state").asText()).isSettled()) {
                try {
                    api.command(id, "rollback");
                } catch (ControllerException e) {
                    // not legal from its state: it settles by itself
                }
                await().atMost(Duration.ofSeconds(90)).until(() -> settled(id));
            }
        }
    }

    // ---- the cases

    @Test
    void pauseHoldsTheReleaseWhereItIsEvenInTheMiddleOfAStepAndResumeLetsItSucceed() throws Exception {
        Report report;
        String id;
        try (LoadRun load = load("pause")) {
            awaitTraffic(load);
            id = startRelease();
            await().atMost(Duration.ofSeconds(60)).until(() -> at(id, "shop-1", "WARMING", "STARTED"));

            long sent = System.nanoTime();
            Cli pause = nonstop("release", "pause", id);

            assertThat(pause.exit()).as(pause.err()).isZero();
            assertThat(pause.out()).isEqualTo("release " + id + " PAUSED" + NL);
            assertThat(pause.err()).isEmpty();
            // The pause holds the step in flight (the warm-up ramp, 2 s a weight) within a second: from then on
            // nothing moves while the release is PAUSED.
            await().atMost(Duration.ofSeconds(2)).until(() -> System.nanoTime() - sent >= 1_000_000_000L);
            JsonNode held = progress(id);
            Map<String, String> heldVersions = storedVersions();
            Map<String, String> heldMembers = members();
            await().during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(6))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> state(id).equals("PAUSED")
                            && progress(id).equals(held)
                            && storedVersions().equals(heldVersions)
                            && members().equals(heldMembers));
            assertThat(held.findValuesAsText("instanceId")).containsExactly(STAGING, "shop-1");
            assertThat(step(held, "shop-1")).isEqualTo("WARMING STARTED");
            assertThat(heldMembers.get("shop-1")).startsWith("ACTIVE ").isNotEqualTo("ACTIVE 100");
            assertThat(served("shop-1")).isEqualTo(to);
            assertThat(served("shop-2")).isEqualTo(from);

            Cli resume = nonstop("release", "resume", id);

            assertThat(resume.exit()).as(resume.err()).isZero();
            assertThat(resume.out()).isEqualTo("release " + id + " RUNNING" + NL);
            assertThat(resume.err()).isEmpty();
            await().atMost(Duration.ofSeconds(90)).until(() -> settled(id));
            report = stop(load);
        }
        JsonNode done = api.release(id);
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        for (String instance : INSTANCES) {
            assertThat(step(done, instance)).isEqualTo("RUNNING_NEW DONE");
        }
        assertEveryInstanceServes(to);
        assertThat(report.failed()).as(report.toString()).isZero();
    }

    @Test
    void abortLeavesInstancesWhereTheyWereAndRollbackOfTheAbortedReleasePutsTheOldVersionBack() throws Exception {
        Report report;
        String id;
        try (LoadRun load = load("abort")) {
            awaitTraffic(load);
            id = startRelease();
            await().atMost(Duration.ofSeconds(60)).until(() -> at(id, "shop-1", "WARMING", "STARTED"));

            long sent = System.nanoTime();
            Cli abort = nonstop("release", "abort", id);

            assertThat(abort.exit()).as(abort.err()).isZero();
            assertThat(abort.out()).isEqualTo("release " + id + " ABORTING" + NL);
            assertThat(abort.err()).isEmpty();
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> settled(id));
            long took = System.nanoTime() - sent;
            assertThat(state(id)).isEqualTo("ABORTED");
            assertThat(Duration.ofNanos(took))
                    .as("from the command to ABORTED, in the middle of a warm-up step")
                    .isLessThan(Duration.ofSeconds(1));
            // Where the abort left them: shop-1 on the new version, serving at its warm-up weight, and recorded so;
            // the others untouched.
            JsonNode left = progress(id);
            assertThat(left.findValuesAsText("instanceId")).containsExactly(STAGING, "shop-1");
            assertThat(step(left, "shop-1")).isEqualTo("WARMING FAILED");
            assertThat(served("shop-1")).isEqualTo(to);
            assertThat(served("shop-2")).isEqualTo(from);
            assertThat(served("shop-3")).isEqualTo(from);
            assertThat(storedVersions()).isEqualTo(Map.of("shop-1", to, "shop-2", from, "shop-3", from));
            assertThat(members()).containsEntry("shop-2", "ACTIVE 100").containsEntry("shop-3", "ACTIVE 100");
            assertThat(members().get("shop-1")).startsWith("ACTIVE ");
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> state(id).equals("ABORTED") && progress(id).equals(left));

            Cli rollback = nonstop("release", "rollback", id);

            assertThat(rollback.exit()).as(rollback.err()).isZero();
            assertThat(rollback.out()).isEqualTo("release " + id + " ROLLING_BACK" + NL);
            assertThat(rollback.err()).isEmpty();
            await().atMost(Duration.ofSeconds(60)).until(() -> settled(id));
            report = stop(load);
        }
        JsonNode done = api.release(id);
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("ROLLED_BACK");
        assertThat(done.path("instances").findValuesAsText("instanceId")).containsExactly(STAGING, "shop-1");
        assertThat(step(done, "shop-1")).isEqualTo("ROLLED_BACK DONE");
        assertEveryInstanceServes(from);
        assertThat(report.failed()).as(report.toString()).isZero();
    }

    @Test
    void rollbackOfARunningReleaseMidWayPutsEveryInstanceBackOnTheOldVersion() throws Exception {
        Report report;
        String id;
        try (LoadRun load = load("rollback")) {
            awaitTraffic(load);
            id = startRelease();
            // Mid-way: shop-1 released (the store says so), shop-2 warming up, shop-3 not touched yet.
            await().atMost(Duration.ofSeconds(90)).until(() -> at(id, "shop-2", "WARMING", "STARTED"));
            assertThat(step(progress(id), "shop-1")).isEqualTo("RUNNING_NEW DONE");
            assertThat(storedVersions()).containsEntry("shop-1", to);

            long sent = System.nanoTime();
            Cli rollback = nonstop("release", "rollback", id);

            assertThat(rollback.exit()).as(rollback.err()).isZero();
            assertThat(rollback.out()).isEqualTo("release " + id + " ROLLING_BACK" + NL);
            assertThat(rollback.err()).isEmpty();
            // the warm-up of shop-2 is cut short: the rollback starts within a second
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> passed(id, "shop-2", "ROLLING_BACK"));
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(1));
            await().atMost(Duration.ofSeconds(90)).until(() -> settled(id));
            report = stop(load);
        }
        JsonNode done = api.release(id);
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("ROLLED_BACK");
        assertThat(done.path("instances").findValuesAsText("instanceId")).containsExactly(STAGING, "shop-1", "shop-2");
        assertThat(step(done, "shop-1")).isEqualTo("ROLLED_BACK DONE");
        assertThat(step(done, "shop-2")).isEqualTo("ROLLED_BACK DONE");
        assertEveryInstanceServes(from);
        assertThat(report.failed()).as(report.toString()).isZero();
    }

    @Test
    void aCommandOnAnUnknownReleaseOrIllegalInItsStateIsRefusedOnStderrAndChangesNothing() throws Exception {
        Report report;
        String id;
        try (LoadRun load = load("refused")) {
            awaitTraffic(load);
            List<JsonNode> releasesBefore = api.releases(APP);
            for (String command : List.of("pause", "resume", "abort", "rollback")) {
                Cli unknown = nonstop("release", command, "no-such-release");

                assertThat(unknown.exit()).as(command).isEqualTo(2);
                assertThat(unknown.out()).isEmpty();
                assertThat(unknown.err())
                        .isEqualTo("nonstop release " + command + ": release no-such-release: not found" + NL);
            }
            assertThat(api.releases(APP)).isEqualTo(releasesBefore);

            id = startRelease();
            await().atMost(Duration.ofSeconds(30)).until(() -> state(id).equals("RUNNING"));

            Cli resume = nonstop("release", "resume", id);

            assertThat(resume.exit()).isEqualTo(1);
            assertThat(resume.out()).isEmpty();
            assertThat(resume.err())
                    .isEqualTo(
                            "nonstop release resume: cannot RESUME a RUNNING release (expected: one of [PAUSED])" + NL);
            JsonNode after = api.release(id);
            assertThat(after.path("state").asText()).isEqualTo("RUNNING");
            assertThat(after.path("error").isNull()).isTrue();
            // The release goes on as if nothing had been asked.
            await().atMost(Duration.ofSeconds(60)).until(() -> passed(id, "shop-1", "STARTED"));
            assertThat(state(id)).isEqualTo("RUNNING");

            assertThat(nonstop("release", "rollback", id).exit()).isZero();
            await().atMost(Duration.ofSeconds(60)).until(() -> settled(id));
            assertThat(state(id)).isEqualTo("ROLLED_BACK");
            JsonNode settled = progress(id);

            Cli abort = nonstop("release", "abort", id);

            assertThat(abort.exit()).isEqualTo(1);
            assertThat(abort.out()).isEmpty();
            assertThat(abort.err())
                    .startsWith("nonstop release abort: cannot ABORT a ROLLED_BACK release (expected: one of [")
                    .endsWith("])" + NL);
            assertThat(state(id)).isEqualTo("ROLLED_BACK");
            assertThat(progress(id)).isEqualTo(settled);
            report = stop(load);
        }
        assertEveryInstanceServes(from);
        assertThat(report.failed()).as(report.toString()).isZero();
    }

    // ---- the CLI

    private record Cli(int exit, String out, String err) {}

    /** Runs {@code nonstop ARGS --controller URL --token-file F} in process, as a shell would. */
    private static Cli nonstop(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = NonstopCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--controller", controllerUrl, "--token-file", tokenFile.toString()));
        int exit = cli.execute(all.toArray(String[]::new));
        return new Cli(exit, out.toString(), err.toString());
    }

    /** {@code nonstop release start} of {@link #to}, detached, with a warm-up slow enough to act during it. */
    private String startRelease() {
        Cli start = nonstop(
                "release",
                "start",
                APP,
                "--version",
                to,
                "--artifact",
                toArtifact.toString(),
                "--warm-up-steps",
                "10,50,100",
                "--warm-up-interval",
                "2s",
                "--detach");
        assertThat(start.exit()).as(start.err()).isZero();
        return start.out().strip();
    }

    // ---- what really happened

    private static String state(String id) {
        return api.release(id).path("state").asText();
    }

    private static boolean settled(String id) {
        return ReleaseState.valueOf(state(id)).isSettled();
    }

    /** Each touched instance's step log, as the API shows it. */
    private static JsonNode progress(String id) {
        return api.release(id).path("instances");
    }

    /** {@code "STEP STATUS"} of the instance's last recorded step, or {@code "none"}. */
    private static String step(JsonNode releaseOrProgress, String instance) {
        JsonNode instances =
                releaseOrProgress.has("instances") ? releaseOrProgress.path("instances") : releaseOrProgress;
        for (JsonNode i : instances) {
            if (i.path("instanceId").asText().equals(instance)) {
                return i.path("step").asText() + " " + i.path("status").asText();
            }
        }
        return "none";
    }

    private static boolean at(String id, String instance, String step, String status) {
        return step(progress(id), instance).equals(step + " " + status);
    }

    /** Whether the instance has been through {@code step}: its log has that step DONE. */
    private static boolean passed(String id, String instance, String step) {
        for (JsonNode i : progress(id)) {
            if (i.path("instanceId").asText().equals(instance)) {
                for (JsonNode s : i.path("steps")) {
                    if (s.path("step").asText().equals(step)
                            && s.path("status").asText().equals("DONE")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Instance id to the version the controller records for it. */
    private static Map<String, String> storedVersions() {
        Map<String, String> versions = new TreeMap<>();
        for (JsonNode app : api.apps()) {
            if (app.path("name").asText().equals(APP)) {
                app.path("instances")
                        .forEach(i -> versions.put(
                                i.path("id").asText(), i.path("version").asText()));
            }
        }
        return versions;
    }

    /** The version the instance's process answers on {@code /version}, straight, not through the gateway. */
    private static String served(String instance) throws Exception {
        int port = basePort + INSTANCES.indexOf(instance);
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/version"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(instance + " /version").isEqualTo(200);
        return JSON.readTree(response.body()).path("version").asText();
    }

    /** The gateway's members: id to {@code "STATE WEIGHT"}. */
    private static Map<String, String> members() {
        Map<String, String> members = new TreeMap<>();
        gatewayAdmin.table().members().forEach(m -> members.put(m.id(), m.state() + " " + m.weight()));
        return members;
    }

    private void assertEveryInstanceServes(String version) throws Exception {
        assertThat(storedVersions())
                .containsOnlyKeys(INSTANCES)
                .allSatisfy((id, v) -> assertThat(v).as(id).isEqualTo(version));
        for (String instance : INSTANCES) {
            assertThat(served(instance)).as(instance).isEqualTo(version);
        }
        assertThat(members())
                .as("every instance routed at full weight, nothing else")
                .isEqualTo(Map.of("shop-1", "ACTIVE 100", "shop-2", "ACTIVE 100", "shop-3", "ACTIVE 100"));
    }

    // ---- load

    /** Keep-alive GET, POST and slow requests through the gateway, bounded in count and in time. */
    private static LoadRun load(String prefix) {
        return LoadGenerator.builder()
                .target("127.0.0.1", platform.gatewayAddress().getPort())
                .connections(4)
                .keepAlive(true)
                .requestIdPrefix(prefix)
                .request(2, RequestSpec.get("/"))
                .request(1, RequestSpec.post("/orders", 512))
                .request(2, RequestSpec.get("/slow?ms=100"))
                .maxRequests(200_000)
                .maxDuration(Duration.ofSeconds(140))
                .readTimeout(Duration.ofSeconds(10))
                .build()
                .start();
    }

    private static void awaitTraffic(LoadRun load) {
        await().atMost(Duration.ofSeconds(10)).until(() -> load.report().succeeded() >= 20);
    }

    private static Report stop(LoadRun load) throws InterruptedException {
        assertThat(load.isDone()).as("the load ran until the release settled").isFalse();
        load.stop();
        Report report = load.awaitCompletion(Duration.ofSeconds(30));
        assertThat(report.succeeded()).isPositive();
        return report;
    }
}
