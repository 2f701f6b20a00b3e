package dev.nonstop.controller.runner;

import static dev.nonstop.controller.runner.ReleaseFixture.APP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nonstop.controller.release.plan.InstanceRef;
import dev.nonstop.controller.release.plan.RollingPlan;
import dev.nonstop.controller.release.spec.Approval;
import dev.nonstop.controller.release.spec.DrainPolicy;
import dev.nonstop.controller.release.spec.GateSpec;
import dev.nonstop.controller.release.spec.GraySpec;
import dev.nonstop.controller.release.spec.HealthSpec;
import dev.nonstop.controller.release.spec.ReleaseSpec;
import dev.nonstop.controller.release.spec.ReleaseStrategy;
import dev.nonstop.controller.release.spec.SmokeCheck;
import dev.nonstop.controller.release.state.InstanceStep;
import dev.nonstop.controller.release.state.ReleaseCommand;
import dev.nonstop.controller.release.state.ReleaseState;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.RecordedInstanceState;
import dev.nonstop.controller.store.Release;
import dev.nonstop.controller.store.ReleaseFence;
import dev.nonstop.controller.store.StepRecord;
import dev.nonstop.controller.store.StepStatus;
import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.Group;
import dev.nonstop.testing.load.FailedRequest;
import dev.nonstop.testing.load.FailureReason;
import dev.nonstop.testing.load.LoadGenerator;
import dev.nonstop.testing.load.LoadRun;
import dev.nonstop.testing.load.Report;
import dev.nonstop.testing.load.RequestSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Canary and blue-green releases against real processes: an in-process gateway routing by group, an in-process
 * agent, three sample app v1 processes (blue), two v2 processes (green), and 24 users with cookies through the
 * gateway the whole time.
 */
class GrayReleaseIntegrationTest {
    private static final Logger log = LoggerFactory.getLogger(GrayReleaseIntegrationTest.class);
    private static final int GREEN = 2;

    @TempDir
    Path dir;

    private ReleaseFixture cluster;
    private final List<TrafficEvent> traffic = new CopyOnWriteArrayList<>();

    private record TrafficEvent(TrafficListener.Kind kind, int step, int percent, String detail, GateResult gate) {}

    @BeforeEach
    void startCluster() throws Exception {
        cluster = new ReleaseFixture(dir);
    }

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static GraySpec canary(List<Integer> steps, Duration stepDuration) {
        return new GraySpec(
                ReleaseStrategy.CANARY,
                steps,
                stepDuration,
                new GateSpec(OptionalDouble.of(0.01), Optional.of(Duration.ofSeconds(2)), 0, false),
                List.of(),
                dev.nonstop.controller.release.spec.UserKey.DEFAULT,
                Approval.NONE,
                Optional.of(GREEN),
                GraySpec.DEFAULT_ROLLBACK_WINDOW,
                Optional.empty(),
                0);
    }

    private static ReleaseSpec.Builder spec(GraySpec gray) {
        return ReleaseSpec.builder(APP, "v2", ReleaseFixture.jar("v2"))
                .drain(Duration.ofSeconds(20), DrainPolicy.FAIL)
                .health(new HealthSpec("/ready", Duration.ofSeconds(20), Duration.ofMillis(50)))
                // straight to the instance: /ready only, so that a green version whose /version fails starts
                .smokeChecks(List.of(SmokeCheck.get("/ready", 200)))
                .stopTimeout(Duration.ofSeconds(10))
                .gray(gray);
    }

    private RollingPlan plan() {
        return RollingPlan.gray(cluster.instances, GREEN);
    }

    private ReleaseRunnerBuilder runner(ControllerStore store, ReleaseFence fence) {
        return cluster.runner(store, fence, plan())
                .trafficListener((id, kind, step, percent, detail, gate) ->
                        traffic.add(new TrafficEvent(kind, step, percent, detail, gate)));
    }

    /** 24 users, each its own connection and cookies: pages, orders, version checks and slow pages. */
    private LoadGenerator load() {
        return LoadGenerator.builder()
                .target(cluster.gateway.address())
                .connections(24)
                .cookies(true)
                .request(6, RequestSpec.get("/"))
                .request(2, RequestSpec.post("/orders", 1024))
                .request(3, RequestSpec.get("/version"))
                .request(1, RequestSpec.get("/slow?ms=100"))
                .maxDuration(Duration.ofMinutes(3))
                .readTimeout(Duration.ofSeconds(10))
                .build();
    }

    private record LoadedRun(ReleaseState end, Report report) {}

    private LoadedRun runUnderLoad(ReleaseRunnerBuilder runner) throws Exception {
        try (LoadRun load = load().start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> load.report().succeeded() >= 200);
            ReleaseState end = runner.build().run();
            load.stop();
            return new LoadedRun(end, load.awaitCompletion(Duration.ofSeconds(30)));
        }
    }

    private List<StepRecord> rows(String releaseId, String row) {
        return cluster.store.steps(releaseId).stream()
                .filter(s -> s.instanceId().equals(row))
                .toList();
    }

    private App tableApp() {
        return cluster.adminClient().table().app(APP).orElseThrow();
    }

    private List<String> greenIds(String releaseId) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= GREEN; i++) {
            ids.add(ReleaseRunner.surgeInstanceId(APP, releaseId, i));
        }
        return ids;
    }

    @Test
    void canary25to50to100SucceedsWithZeroFailedRequestsAndRetiresBlue() throws Exception {
        Release release = cluster.store.createRelease(
                spec(canary(List.of(25, 50, 100), Duration.ofMillis(1500))).build(), "v1");
        ReleaseFence fence = cluster.store.claimRelease(release.id(), "controller-1", 1);

        LoadedRun run = runUnderLoad(runner(cluster.store, fence));
        log.info("canary: {}; traffic {}", run.report().summary(), traffic);

        assertThat(run.end()).isEqualTo(ReleaseState.SUCCEEDED);
        assertThat(run.report().failed()).as(run.report().toString()).isZero();
        for (String row : List.of("traffic@1", "traffic@2", "traffic@3")) {
            assertThat(rows(release.id(), row))
                    .filteredOn(s -> s.status() == StepStatus.DONE)
                    .extracting(StepRecord::step)
                    .containsExactly(InstanceStep.ROUTED, InstanceStep.GATED);
        }
        assertThat(traffic)
                .filteredOn(e -> e.kind() == TrafficListener.Kind.STEP_STARTED)
                .extracting(TrafficEvent::percent)
                .containsExactly(25, 50, 100);
        List<TrafficEvent> gates = traffic.stream()
                .filter(e -> e.kind() == TrafficListener.Kind.GATE_PASSED)
                .toList();
        assertThat(gates).hasSize(3);
        // green served real traffic during the canary, and blue too
        assertThat(gates.stream().mapToLong(e -> e.gate().greenRequests()).sum())
                .isPositive();
        assertThat(gates.get(0).gate().blueRequests()).isPositive();
        // the end: one plain group of the green instances, no gray routing, blue retired
        App app = tableApp();
        assertThat(app.routing()).isNull();
        assertThat(app.groups()).extracting(Group::name).containsExactly("green");
        assertThat(app.members().map(m -> m.id()).toList()).containsExactlyInAnyOrderElementsOf(greenIds(release.id()));
        for (String id : greenIds(release.id())) {
            assertThat(cluster.versionOf(new InstanceRef(id, "127.0.0.1", 1))).isEqualTo("v2");
        }
        for (InstanceRef blue : cluster.instances) {
            assertThat(cluster.store.instance(blue.id()).orElseThrow().state())
                    .isEqualTo(RecordedInstanceState.RETIRED);
        }
    }

    @Test
    void greenReturningErrorsFailsItsGateAndIsRolledBackWithNoOtherFailedRequest() throws Exception {
        Release release = cluster.store.createRelease(
                spec(canary(List.of(50, 100), Duration.ofSeconds(20))).build(), "v1");
        ReleaseFence fence = cluster.store.claimRelease(release.id(), "controller-1", 1);

        // green answers GET /version with 500
        LoadedRun run = runUnderLoad(runner(cluster.store, fence).newVersionEnv(Map.of("SAMPLE_FAIL_SMOKE", "true")));
        Report report = run.report();
        log.info("failing canary: {}; traffic {}", report.summary(), traffic);

        assertThat(run.end()).isEqualTo(ReleaseState.ROLLED_BACK);
        TrafficEvent failed = traffic.stream()
                .filter(e -> e.kind() == TrafficListener.Kind.GATE_FAILED)
                .findFirst()
                .orElseThrow();
        assertThat(failed.step()).isEqualTo(1);
        assertThat(failed.gate().greenErrorRatio()).isGreaterThan(0.01);
        assertThat(failed.detail()).contains("maxErrorRatio");
        assertThat(rows(release.id(), "traffic@1"))
                .anyMatch(s -> s.step() == InstanceStep.GATED && s.status() == StepStatus.FAILED);
        // the only failed requests are green's own 500s on /version: nothing failed in the rollback
        assertThat(report.failed() - report.failed(FailureReason.ERROR_STATUS))
                .as(report.toString())
                .isZero();
        assertThat(report.failedRequests())
                .allMatch(f -> f.request().contains("/version") && f.detail().contains("500"), "only /version 500s")
                .extracting(FailedRequest::reason)
                .containsOnly(FailureReason.ERROR_STATUS);
        // blue serves alone again, as one plain group
        App app = tableApp();
        assertThat(app.routing()).isNull();
        assertThat(app.groups()).extracting(Group::name).containsExactly("blue");
        assertThat(app.members().map(m -> m.id()).toList())
                .containsExactlyInAnyOrderElementsOf(
                        cluster.instances.stream().map(InstanceRef::id).toList());
        for (InstanceRef ref : cluster.instances) {
            assertThat(cluster.versionOf(ref)).as(ref.id()).isEqualTo("v1");
        }
    }

    @Test
    void blueGreenSwitchesAllTrafficThenRollsBackOnCommandWithZeroFailedRequests() throws Exception {
        GraySpec blueGreen =
                canary(List.of(25, 50, 75, 100), Duration.ofMillis(800)).withStrategy(ReleaseStrategy.BLUE_GREEN);
        blueGreen = new GraySpec(
                blueGreen.strategy(),
                blueGreen.steps(),
                blueGreen.stepDuration(),
                blueGreen.gate(),
                blueGreen.entryRules(),
                blueGreen.userKey(),
                blueGreen.approval(),
                blueGreen.greenInstances(),
                Duration.ofMinutes(2),
                Optional.empty(),
                0);
        Release release = cluster.store.createRelease(spec(blueGreen).build(), "v1");
        ReleaseFence fence = cluster.store.claimRelease(release.id(), "controller-1", 1);
        ReleaseRunner runner = runner(cluster.store, fence)
                .commandPollInterval(Duration.ofMillis(100))
                .build();

        ReleaseState end;
        Report report;
        Report newUsersReport;
        try (LoadRun load = load().start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> load.report().succeeded() >= 200);
            CompletableFuture<ReleaseState> running = CompletableFuture.supplyAsync(runner::run);
            // switched, gate passed, now in the rollback window: the 24 users pinned to blue stay there
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> traffic.stream().anyMatch(e -> e.kind() == TrafficListener.Kind.USERS));
            App switched = tableApp();
            assertThat(switched.routing().defaultGroup()).isEqualTo("green");
            long blueUsers = greenRequests("blue");
            // new users (no cookies, so never pinned) go to green
            try (LoadRun newUsers = LoadGenerator.builder()
                    .target(cluster.gateway.address())
                    .connections(4)
                    .cookies(false)
                    .request(1, RequestSpec.get("/version"))
                    .request(1, RequestSpec.get("/"))
                    .maxDuration(Duration.ofMinutes(2))
                    .readTimeout(Duration.ofSeconds(10))
                    .build()
                    .start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> greenRequests("green") >= 100);
                assertThat(greenRequests("blue")).isGreaterThan(blueUsers);
                cluster.store.applyCommand(release.id(), ReleaseCommand.ROLLBACK);
                runner.commandRecorded();
                end = running.get(90, TimeUnit.SECONDS);
                newUsers.stop();
                newUsersReport = newUsers.awaitCompletion(Duration.ofSeconds(30));
            }
            load.stop();
            report = load.awaitCompletion(Duration.ofSeconds(30));
        }
        assertThat(newUsersReport.failed()).as(newUsersReport.toString()).isZero();
        log.info("blue-green: {}; traffic {}", report.summary(), traffic);

        assertThat(end).isEqualTo(ReleaseState.ROLLED_BACK);
        assertThat(report.failed()).as(report.toString()).isZero();
        assertThat(traffic).anyMatch(e -> e.kind() == TrafficListener.Kind.SWITCHED);
        assertThat(traffic).anyMatch(e -> e.kind() == TrafficListener.Kind.BACK_TO_BLUE);
        App app = tableApp();
        assertThat(app.routing()).isNull();
        assertThat(app.groups()).extracting(Group::name).containsExactly("blue");
        for (InstanceRef ref : cluster.instances) {
            assertThat(cluster.versionOf(ref)).as(ref.id()).isEqualTo("v1");
        }
    }

    private static GraySpec with(GraySpec g, ReleaseStrategy strategy, Approval approval, Duration window) {
        return new GraySpec(
                strategy,
                g.steps(),
                g.stepDuration(),
                g.gate(),
                g.entryRules(),
                g.userKey(),
                approval,
                g.greenInstances(),
                window,
                Optional.empty(),
                0);
    }

    @Test
    void blueGreenKeepsBlueForItsWindowThenRetiresItWithZeroFailedRequests() throws Exception {
        GraySpec blueGreen = with(
                canary(List.of(100), Duration.ofMillis(800)),
                ReleaseStrategy.BLUE_GREEN,
                Approval.NONE,
                Duration.ofSeconds(3));
        Release release = cluster.store.createRelease(spec(blueGreen).build(), "v1");
        ReleaseFence fence = cluster.store.claimRelease(release.id(), "controller-1", 1);

        LoadedRun run = runUnderLoad(runner(cluster.store, fence));
        log.info("blue-green: {}; traffic {}", run.report().summary(), traffic);

        assertThat(run.end()).isEqualTo(ReleaseState.SUCCEEDED);
        assertThat(run.report().failed()).as(run.report().toString()).isZero();
        assertThat(traffic)
                .extracting(TrafficEvent::kind)
                .containsSubsequence(
                        TrafficListener.Kind.SWITCHED,
                        TrafficListener.Kind.GATE_PASSED,
                        TrafficListener.Kind.USERS,
                        TrafficListener.Kind.PROMOTED);
        assertThat(rows(release.id(), "traffic@window"))
                .anyMatch(s -> s.step() == InstanceStep.HELD && s.status() == StepStatus.DONE);
        // the users pinned to blue were moved to green when blue drained: every user now gets v2
        App app = tableApp();
        assertThat(app.routing()).isNull();
        assertThat(app.groups()).extracting(Group::name).containsExactly("green");
        for (InstanceRef blue : cluster.instances) {
            assertThat(cluster.store.instance(blue.id()).orElseThrow().state())
                    .isEqualTo(RecordedInstanceState.RETIRED);
        }
    }

    @Test
    void aCanaryWithManualApprovalWaitsPausedAfterEachPassedGate() throws Exception {
        GraySpec manual = with(
                canary(List.of(50, 100), Duration.ofMillis(500)),
                ReleaseStrategy.CANARY,
                Approval.MANUAL,
                GraySpec.DEFAULT_ROLLBACK_WINDOW);
        Release release = cluster.store.createRelease(spec(manual).build(), "v1");
        ReleaseFence fence = cluster.store.claimRelease(release.id(), "controller-1", 1);
        ReleaseRunner runner = runner(cluster.store, fence)
                .commandPollInterval(Duration.ofMillis(100))
                .build();

        ReleaseState end;
        Report report;
        try (LoadRun load = load().start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> load.report().succeeded() >= 200);
            CompletableFuture<ReleaseState> running = CompletableFuture.supplyAsync(runner::run);
            for (int step = 1; step <= 2; step++) {
                int n = step;
                await().atMost(Duration.ofSeconds(90))
                        .until(() -> traffic.stream()
                                        .anyMatch(e ->
                                                e.kind() == TrafficListener.Kind.AWAITING_APPROVAL && e.step() == n)
                                && cluster.store
                                                .release(release.id())
                                                .orElseThrow()
                                                .state()
                                        == ReleaseState.PAUSED);
                // nothing moves while it waits
                assertThat(traffic).noneMatch(e -> e.kind() == TrafficListener.Kind.APPROVED && e.step() == n);
                cluster.store.applyCommand(release.id(), ReleaseCommand.RESUME);
                runner.commandRecorded();
            }
            end = running.get(90, TimeUnit.SECONDS);
            load.stop();
            report = load.awaitCompletion(Duration.ofSeconds(30));
        }
        log.info("canary with approvals: {}; traffic {}", report.summary(), traffic);

        assertThat(end).isEqualTo(ReleaseState.SUCCEEDED);
        assertThat(report.failed()).as(report.toString()).isZero();
        for (String row : List.of("traffic@1", "traffic@2")) {
            assertThat(rows(release.id(), row))
                    .filteredOn(s -> s.status() == StepStatus.DONE)
                    .extracting(StepRecord::step)
                    .containsExactly(InstanceStep.ROUTED, InstanceStep.GATED, InstanceStep.APPROVED);
        }
    }

    @Test
    void aControllerKilledMidCanaryIsTakenOverAtItsStep() throws Exception {
        Release release = cluster.store.createRelease(
                spec(canary(List.of(25, 50, 100), Duration.ofMillis(1200))).build(), "v1");
        CountDownLatch atStep2 = new CountDownLatch(1);
        CountDownLatch dead = new CountDownLatch(1);
        ControllerStore store1 = ControllerStore.jdbc(cluster.storeUrl, "sa", "");
        ReleaseFence fence1 = store1.claimRelease(release.id(), "controller-1", 1);
        ReleaseRunner runner1 = cluster.runner(store1, fence1, plan())
                .trafficListener((id, kind, step, percent, detail, gate) -> {
                    if (kind == TrafficListener.Kind.STEP_STARTED && step == 2) {
                        atStep2.countDown();
                        awaitQuietly(dead); // the controller "dies" here: step 2 routed, not recorded DONE
                    }
                })
                .build();

        ReleaseState end;
        Report report;
        CompletableFuture<ReleaseState> abandoned;
        try (LoadRun load = load().start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> load.report().succeeded() >= 200);
            abandoned = CompletableFuture.supplyAsync(runner1::run);
            assertThat(atStep2.await(90, TimeUnit.SECONDS)).isTrue();
            store1.close();

            ReleaseFence fence2 = cluster.store.claimRelease(release.id(), "controller-2", 2);
            end = runner(cluster.store, fence2).build().run();
            load.stop();
            report = load.awaitCompletion(Duration.ofSeconds(30));
        }
        log.info("canary take-over: {}; traffic {}", report.summary(), traffic);

        assertThat(end).isEqualTo(ReleaseState.SUCCEEDED);
        assertThat(report.failed()).as(report.toString()).isZero();
        // the new owner passed step 1 and the green instances' start, and ran step 2 again from its routing
        assertThat(rows(release.id(), "traffic@1")).hasSize(4);
        assertThat(rows(release.id(), "traffic@2"))
                .extracting(s -> s.step() + " " + s.status())
                .containsExactly("ROUTED STARTED", "ROUTED STARTED", "ROUTED DONE", "GATED STARTED", "GATED DONE");
        assertThat(traffic)
                .filteredOn(e -> e.kind() == TrafficListener.Kind.STEP_STARTED)
                .extracting(TrafficEvent::percent)
                .containsExactly(50, 100);
        for (String id : greenIds(release.id())) {
            assertThat(cluster.store.steps(release.id()).stream()
                            .filter(s -> s.instanceId().equals(id) && s.step() == InstanceStep.DEPLOYED))
                    .hasSize(2);
        }
        assertThat(tableApp().routing()).isNull();

        dead.countDown();
        assertThatThrownBy(() -> abandoned.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ReleaseAbandonedException.class);
    }

    /** The requests the gateway sent to {@code group} of the app so far. */
    private long greenRequests(String group) {
        return cluster.adminClient().groupStats(APP).stream()
                .filter(c -> c.group().equals(group))
                .mapToLong(c -> c.requests())
                .sum();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
