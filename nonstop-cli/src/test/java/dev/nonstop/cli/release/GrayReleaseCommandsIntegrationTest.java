package dev.nonstop.cli.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.cli.NonstopCommand;
import dev.nonstop.common.token.BearerToken;
import dev.nonstop.controller.api.ControllerApiServer;
import dev.nonstop.controller.api.ReleaseEvents;
import dev.nonstop.controller.release.spec.Approval;
import dev.nonstop.controller.release.spec.EntryRule;
import dev.nonstop.controller.release.spec.GraySpec;
import dev.nonstop.controller.release.spec.ReleaseStrategy;
import dev.nonstop.controller.release.spec.UserKey;
import dev.nonstop.controller.release.state.InstanceStep;
import dev.nonstop.controller.release.state.ReleaseState;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.NewInstance;
import dev.nonstop.controller.store.RecordedInstanceState;
import dev.nonstop.controller.store.Release;
import dev.nonstop.controller.store.ReleaseFence;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code nonstop release start --strategy canary|blue-green ...}, {@code release approve} and the gates in {@code
 * release status}, through picocli against a real controller API on an H2 store; the test plays the runner.
 */
class GrayReleaseCommandsIntegrationTest {
    private static final String TOKEN = "cli-test-token-0123456789";

    @TempDir
    Path dir;

    private ControllerStore store;
    private ControllerApiServer server;
    private final ReleaseEvents events = new ReleaseEvents();
    private String url;
    private Path tokenFile;
    private Path jar;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws IOException {
        store = ControllerStore.jdbc("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        server = ControllerApiServer.builder(store, new StoreOnlyReleaseOperations(store), events)
                .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .token(BearerToken.of(TOKEN, ControllerApiServer.TOKEN_NAME))
                .start();
        url = "http://127.0.0.1:" + server.address().getPort();
        tokenFile = Files.writeString(dir.resolve("controller.token"), TOKEN + "\n");
        jar = Files.writeString(dir.resolve("shop-2.0.0.jar"), "a jar");
        store.createApp("shop");
        store.createInstance(new NewInstance(
                "shop-1", "shop", "127.0.0.1", 8081, "1.0.0", RecordedInstanceState.RUNNING, Optional.of("shop-1")));
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--controller", url, "--token-file", tokenFile.toString()));
        CommandLine cli = NonstopCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(all.toArray(String[]::new));
    }

    private Release onlyRelease() {
        List<Release> releases = store.releases("shop");
        assertThat(releases).hasSize(1);
        return releases.get(0);
    }

    @Test
    void aCanaryIsStartedWithEveryOption() {
        int exit = run(
                "release",
                "start",
                "shop",
                "--version",
                "2.0.0",
                "--artifact",
                jar.toString(),
                "--detach",
                "--strategy",
                "canary",
                "--steps",
                "25,50,75,100",
                "--step-duration",
                "2m",
                "--max-error-ratio",
                "0.01",
                "--max-p99",
                "300ms",
                "--prometheus-url",
                "http://prometheus:9090",
                "--prometheus-query",
                "max(rate(errors_total{app=\"${app}\"}[1m]))",
                "--prometheus-max",
                "0.5",
                "--header",
                "X-Nonstop-Group=green",
                "--cookie",
                "tester=yes",
                "--cidr",
                "10.0.0.0/8,192.168.0.0/16",
                "--percent-key",
                "cookie:JSESSIONID",
                "--approval",
                "manual");

        assertThat(exit).as("err: %s", err).isZero();
        GraySpec gray = onlyRelease().spec().gray();
        assertThat(gray.strategy()).isEqualTo(ReleaseStrategy.CANARY);
        assertThat(gray.steps()).containsExactly(25, 50, 75, 100);
        assertThat(gray.stepDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(gray.gate().maxErrorRatio()).hasValue(0.01);
        assertThat(gray.gate().maxP99()).contains(Duration.ofMillis(300));
        assertThat(gray.entryRules())
                .containsExactly(
                        EntryRule.header("X-Nonstop-Group", "green"),
                        EntryRule.cookie("tester", "yes"),
                        EntryRule.network(List.of("10.0.0.0/8", "192.168.0.0/16")));
        assertThat(gray.userKey()).isEqualTo(new UserKey(UserKey.Kind.COOKIE, "JSESSIONID"));
        assertThat(gray.approval()).isEqualTo(Approval.MANUAL);
        assertThat(gray.gate().prometheus())
                .contains(new dev.nonstop.controller.release.spec.PrometheusCheck(
                        "http://prometheus:9090", "max(rate(errors_total{app=\"${app}\"}[1m]))", 0.5));
    }

    @Test
    void badGrayOptionsAreRefusedNamingTheOptionOrTheField() {
        assertThat(run(
                        "release",
                        "start",
                        "shop",
                        "--version",
                        "2.0.0",
                        "--artifact",
                        jar.toString(),
                        "--strategy",
                        "canary",
                        "--steps",
                        "50,25,100"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--steps").contains("steps increase");

        assertThat(run(
                        "release",
                        "start",
                        "shop",
                        "--version",
                        "2.0.0",
                        "--artifact",
                        jar.toString(),
                        "--steps",
                        "50,100"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--strategy");

        assertThat(run(
                        "release",
                        "start",
                        "shop",
                        "--version",
                        "2.0.0",
                        "--artifact",
                        jar.toString(),
                        "--strategy",
                        "canary",
                        "--cidr",
                        "10.0.0.300/8"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("entry[0].cidrs[0]").contains("10.0.0.300/8");

        assertThat(run(
                        "release",
                        "start",
                        "shop",
                        "--version",
                        "2.0.0",
                        "--artifact",
                        jar.toString(),
                        "--strategy",
                        "canary",
                        "--prometheus-url",
                        "http://prometheus:9090",
                        "--prometheus-query",
                        "up"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--prometheus-max").contains("missing");

        assertThat(run(
                        "release",
                        "start",
                        "shop",
                        "--version",
                        "2.0.0",
                        "--artifact",
                        jar.toString(),
                        "--strategy",
                        "canary",
                        "--prometheus-url",
                        "prometheus:9090",
                        "--prometheus-query",
                        "up",
                        "--prometheus-max",
                        "1"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("analysis.prometheus.url").contains("prometheus:9090");
        assertThat(store.releases("shop")).isEmpty();
    }

    @Test
    void approveResumesOnlyAReleaseWaitingAtAGateAndStatusShowsTheGates() {
        assertThat(run(
                        "release",
                        "start",
                        "shop",
                        "--version",
                        "2.0.0",
                        "--artifact",
                        jar.toString(),
                        "--detach",
                        "--strategy",
                        "canary",
                        "--approval",
                        "manual"))
                .as("err: %s", err)
                .isZero();
        String id = onlyRelease().id();
        ReleaseFence fence = store.claimRelease(id, "test-runner", 1);
        store.updateReleaseState(fence, ReleaseState.PENDING, ReleaseState.RUNNING);

        assertThat(run("release", "approve", id)).isEqualTo(1);
        assertThat(err.toString()).contains("waits for no approval");

        store.recordStepStarted(fence, "traffic@1", InstanceStep.ROUTED, "");
        store.recordStepDone(fence, "traffic@1", InstanceStep.ROUTED, "green 25% of users");
        store.recordStepStarted(fence, "traffic@1", InstanceStep.GATED, "");
        store.recordStepDone(
                fence,
                "traffic@1",
                InstanceStep.GATED,
                "step 1 (25%) gate passed (green 120 requests, 0 failed; users green 30, blue 90 (green 25.0%))");
        store.recordStepStarted(fence, "traffic@1", InstanceStep.APPROVED, "");
        store.updateReleaseState(fence, ReleaseState.RUNNING, ReleaseState.PAUSED);

        assertThat(run("release", "approve", id)).as("err: %s", err).isZero();
        assertThat(out.toString()).contains("release " + id + " RUNNING");
        assertThat(store.release(id).orElseThrow().state()).isEqualTo(ReleaseState.RUNNING);

        assertThat(run("release", "status", id)).isZero();
        assertThat(out.toString())
                .contains("strategy canary: steps 25%, 50%, 75%, 100%")
                .contains("traffic@1 DONE: step 1 (25%) gate passed")
                .contains("users green 30, blue 90 (green 25.0%)")
                // no live traffic seen by this controller: no traffic line
                .doesNotContain("traffic: step");

        // the runner's events, as the controller running the release publishes them
        java.time.Instant at = java.time.Instant.parse("2026-12-03T10:15:30Z");
        events.publish(new dev.nonstop.controller.api.ReleaseEvent.Traffic(
                id,
                dev.nonstop.controller.runner.TrafficListener.Kind.GATE_PASSED,
                1,
                25,
                "step 1 (25%) gate passed",
                new dev.nonstop.controller.runner.GateResult(
                        true,
                        "met",
                        120,
                        0,
                        java.time.Duration.ofMillis(20),
                        360,
                        0,
                        java.time.Duration.ofMillis(20),
                        31,
                        93),
                at));
        events.publish(new dev.nonstop.controller.api.ReleaseEvent.Traffic(
                id,
                dev.nonstop.controller.runner.TrafficListener.Kind.STEP_STARTED,
                2,
                50,
                "green 50% of users",
                (dev.nonstop.controller.runner.GateResult) null,
                at.plusSeconds(1)));
        out.getBuffer().setLength(0);
        assertThat(run("release", "status", id)).isZero();
        assertThat(out.toString())
                .contains("traffic: step 2 (50% of users to green), step started; users green 31, blue 93 (green"
                        + " 25.0%) at the gate of step 1");
    }
}
