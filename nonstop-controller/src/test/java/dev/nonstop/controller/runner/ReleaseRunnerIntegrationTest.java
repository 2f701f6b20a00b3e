package dev.nonstop.controller.runner;

import static dev.nonstop.controller.runner.ReleaseFixture.APP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nonstop.controller.release.plan.InstanceRef;
import dev.nonstop.controller.release.plan.RollingPlan;
import dev.nonstop.controller.release.spec.DrainPolicy;
import dev.nonstop.controller.release.spec.HealthSpec;
import dev.nonstop.controller.release.spec.ReleaseSpec;
import dev.nonstop.controller.release.spec.SmokeCheck;
import dev.nonstop.controller.release.spec.WarmUpSpec;
import dev.nonstop.controller.release.state.InstancePath;
import dev.nonstop.controller.release.state.InstanceStep;
import dev.nonstop.controller.release.state.ReleaseCommand;
import dev.nonstop.controller.release.state.ReleaseState;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.RecordedInstanceState;
import dev.nonstop.controller.store.Release;
import dev.nonstop.controller.store.ReleaseFence;
import dev.nonstop.controller.store.StepRecord;
import dev.nonstop.controller.store.StepStatus;
import dev.nonstop.gateway.contract.MemberState;
import dev.nonstop.gateway.contract.client.GatewayFencedOutException;
import dev.nonstop.gateway.stats.MemberStats;
import dev.nonstop.testing.load.LoadRun;
import dev.nonstop.testing.load.Report;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
 * The runner against real processes: an in-process gateway and agent, three sample app v1 processes, load through
 * the gateway, and releases to v2 that succeed, fail their readiness, fail their smoke check, or lose their
 * controller half-way.
 */
class ReleaseRunnerIntegrationTest {
    private static final Logger log = LoggerFactory.getLogger(ReleaseRunnerIntegrationTest.class);

    @TempDir
    Path dir;

    private ReleaseFixture cluster;

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

    private static ReleaseSpec.Builder spec() {
        return ReleaseSpec.builder(APP, "v2", ReleaseFixture.jar("v2"))
                .batchSize(1)
                .drain(Duration.ofSeconds(20), DrainPolicy.FAIL)
                .health(new HealthSpec("/ready", Duration.ofSeconds(20), Duration.ofMillis(50)))
                .smokeChecks(List.of(SmokeCheck.get("/version", 200)))
                .warmUp(new WarmUpSpec(List.of(25, 100), Duration.ofMillis(300), 0.01))
                .stopTimeout(Duration.ofSeconds(10));
    }

    private Release createRelease(ReleaseSpec spec) {
        return cluster.store.createRelease(spec, "v1");
    }

    @Test
    void rollingReleaseUnderLoadUpgradesEveryInstanceWithZeroFailedRequests() throws Exception {
        Release release = createRelease(spec().build());
        ReleaseFence fence = cluster.store.claimRelease(release.id(), "controller-1", 1);

        LoadedRun run = runUnderLoad(cluster.runner(cluster.store, fence, cluster.plan(1, 0)));
        ReleaseState end = run.end();
        Report report = run.report();
        log.info("rolling release: {}", report.summary());

        assertThat(end).isEqualTo(ReleaseState.SUCCEEDED);
        assertThat(report.failed()).as(report.toString()).isZero();
        assertThat(report.sent()).isPositive();
        for (InstanceRef ref : cluster.instances) {
            assertThat(cluster.versionOf(ref)).as(ref.id()).isEqualTo("v2");
            assertThat(doneSteps(release.id(), ref.id()))
                    .containsExactlyElementsOf(
                            InstancePath.UPGRADE.forwardSteps().subList(1, 10));
            assertThat(cluster.store.instance(ref.id()).orElseThrow().version()).isEqualTo("v2");
        }
        assertThat(cluster.store.release(release.id()).orElseThrow().state()).isEqualTo(ReleaseState.SUCCEEDED);
    }

    @Test
    void newVersionFailingItsReadinessIsRolledBackWithZeroFailedRequests() throws Exception {
        Release release =
                createRelease(spec().health(new HealthSpec("/ready", Duration.ofSeconds(3), Duration.ofMillis(50)))
                        .build());
        ReleaseFence fence = cluster.store.claimRelease(release.id(), "controller-1", 1);

        LoadedRun run = runUnderLoad(cluster.runner(cluster.store, fence, cluster.plan(1, 0))
                .newVersionEnv(Map.of("SAMPLE_FAIL_HEALTH", "true")));
        ReleaseState end = run.end();
        Report report = run.report();
        log.info("failed readiness: {}", report.summary());

        assertThat(end).isEqualTo(ReleaseState.ROLLED_BACK);
        assertThat(report.failed()).as(report.toString()).isZero();
        for (InstanceRef ref : cluster.instances) {
            assertThat(cluster.versionOf(ref)).as(ref.id()).isEqualTo("v1");
        }
        String first = cluster.instances.get(0).id();
        assertThat(cluster.store.steps(release.id()))
                .anyMatch(s -> s.instanceId().equals(first)
                        && s.step() == InstanceStep.HEALTHY
                        && s.status() == StepStatus.FAILED)
                .anyMatch(s -> s.instanceId().equals(first)
                        && s.step() == InstanceStep.ROLLED_BACK
                        && s.status() == StepStatus.DONE);
        assertThat(cluster.store.lastStep(release.id(), cluster.instances.get(1).id()))
                .isEmpty();
    }

    @Test
    void newVersionFailingItsSmokeCheckNeverReceivesGatewayTraffic() throws Exception {
        Release release = createRelease(spec().surge(1).build());
        ReleaseFence fence = cluster.store.claimRelease(release.id(), "controller-1", 1);
        String surgeId = ReleaseRunner.surgeInstanceId(APP, release.id(), 1);

        LoadedRun run = runUnderLoad(cluster.runner(cluster.store, fence, cluster.plan(1, 1))
                .newVersionEnv(Map.of("SAMPLE_FAIL_SMOKE", "true")));
        ReleaseState end = run.end();
        Report report = run.report();
        log.info("failed smoke check: {}", report.summary());

        assertThat(end).isEqualTo(ReleaseState.ROLLED_BACK);
        assertThat(report.failed()).as(report.toString()).isZero();
        MemberStats surgeStats = cluster.gateway.stats().find(surgeId);
        assertThat(surgeStats == null ? 0 : surgeStats.snapshot().requests()).isZero();
        assertThat(cluster.gateway.tables().current().member(surgeId)).isEmpty();
        assertThat(cluster.store.steps(release.id()))
                .anyMatch(s -> s.instanceId().equals(surgeId)
                        && s.step() == InstanceStep.VERIFIED
                        && s.status() == StepStatus.FAILED);
        assertThat(cluster.agent.status(surgeId).state().isLive()).isFalse();
        for (InstanceRef ref : cluster.instances) {
            assertThat(cluster.versionOf(ref)).as(ref.id()).isEqualTo("v1");
        }
    }

    @Test
    void controllerTakingOverResumesAtTheRecordedStepAndTheOldTokenIsRefused() throws Exception {
        Release release = createRelease(spec().build());
        RollingPlan plan = cluster.plan(1, 0);
        String first = plan.batches().get(0).get(0);
        CountDownLatch drained = new CountDownLatch(1);
        CountDownLatch dead = new CountDownLatch(1);

        ControllerStore store1 = ControllerStore.jdbc(cluster.storeUrl, "sa", "");
        ReleaseFence fence1 = store1.claimRelease(release.id(), "controller-1", 1);
        ReleaseRunner runner1 = cluster.runner(store1, fence1, plan)
                .listener(t -> {
                    if (t.instanceId().equals(first) && t.to() == InstanceStep.DRAINED) {
                        drained.countDown();
                        awaitQuietly(dead); // the controller "dies" here, its instance drained
                    }
                })
                .build();

        ReleaseState end;
        Report report;
        CompletableFuture<ReleaseState> abandoned;
        try (LoadRun load = cluster.load().start()) {
            awaitTraffic(load);
            abandoned = CompletableFuture.supplyAsync(runner1::run);
            assertThat(drained.await(60, TimeUnit.SECONDS)).isTrue();
            store1.close();
            assertThat(cluster.store.lastStep(release.id(), first))
                    .map(StepRecord::step)
                    .contains(InstanceStep.DRAINED);

            ReleaseFence fence2 = cluster.store.claimRelease(release.id(), "controller-2", 2);
            end = cluster.runner(cluster.store, fence2, plan).build().run();
            load.stop();
            report = load.awaitCompletion(Duration.ofSeconds(30));
        }
        log.info("take-over: {}", report.summary());

        assertThat(end).isEqualTo(ReleaseState.SUCCEEDED);
        assertThat(report.failed()).as(report.toString()).isZero();
        for (InstanceRef ref : cluster.instances) {
            assertThat(cluster.versionOf(ref)).as(ref.id()).isEqualTo("v2");
        }
        // The new owner went on from DRAINED: the first instance's drain was not started again.
        assertThat(cluster.store.steps(release.id()).stream()
                        .filter(s -> s.instanceId().equals(first) && s.step() == InstanceStep.DRAINING))
                .hasSize(2);
        assertThatThrownBy(() -> cluster.adminClient().fencedBy(release.id(), 1).setMemberWeight(first, 100))
                .isInstanceOf(GatewayFencedOutException.class)
                .hasMessageContaining("409");

        dead.countDown();
        assertThatThrownBy(() -> abandoned.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ReleaseAbandonedException.class);
    }

    @Test
    void surgeReleaseStartsTheNewInstanceFirstAndRetiresOneOldWithZeroFailedRequests() throws Exception {
        Release release = createRelease(spec().surge(1).build());
        ReleaseFence fence = cluster.store.claimRelease(release.id(), "controller-1", 1);
        RollingPlan plan = cluster.plan(1, 1);
        String surgeId = ReleaseRunner.surgeInstanceId(APP, release.id(), 1);
        String retired = plan.retire().get(0);

        LoadedRun run = runUnderLoad(cluster.runner(cluster.store, fence, plan));
        ReleaseState end = run.end();
        Report report = run.report();
        log.info("surge release: {}", report.summary());

        assertThat(end).isEqualTo(ReleaseState.SUCCEEDED);
        assertThat(report.failed()).as(report.toString()).isZero();
        assertThat(cluster.gateway.stats().find(surgeId).snapshot().requests()).isPositive();
        assertThat(cluster.gateway.tables().current().member(retired)).isEmpty();
        assertThat(cluster.gateway.tables().current().members()).hasSize(3);
        assertThat(cluster.agent.status(retired).state().isLive()).isFalse();
        assertThat(cluster.store.instance(retired).orElseThrow().state()).isEqualTo(RecordedInstanceState.RETIRED);
        for (String id : List.of(
                surgeId, plan.batches().get(0).get(0), plan.batches().get(1).get(0))) {
            assertThat(cluster.versionOf(new InstanceRef(id, "127.0.0.1", 1)))
                    .as(id)
                    .isEqualTo("v2");
        }
    }

    @Test
    void surgeOfEveryInstanceStartsTheNewOnesTogetherAndRetiresEachOldOneOnlyAfterItsReplacementServes()
            throws Exception {
        Release release = createRelease(spec().surge(3).build());
        ReleaseFence fence = cluster.store.claimRelease(release.id(), "controller-1", 1);
        RollingPlan plan = cluster.plan(1, 3);
        assertThat(plan.batches()).isEmpty();

        LoadedRun run = runUnderLoad(cluster.runner(cluster.store, fence, plan));
        ReleaseState end = run.end();
        Report report = run.report();
        log.info("surge-all release: {}", report.summary());

        assertThat(end).isEqualTo(ReleaseState.SUCCEEDED);
        assertThat(report.failed()).as(report.toString()).isZero();
        List<StepRecord> steps = cluster.store.steps(release.id());
        List<String> surgeIds = List.of(1, 2, 3).stream()
                .map(k -> ReleaseRunner.surgeInstanceId(APP, release.id(), k))
                .toList();
        // together: every new process was started before any of them was ready
        Instant lastStart = surgeIds.stream()
                .map(id -> step(steps, id, InstanceStep.STARTED, StepStatus.STARTED)
                        .startedAt())
                .max(Instant::compareTo)
                .orElseThrow();
        Instant firstReady = surgeIds.stream()
                .map(id -> step(steps, id, InstanceStep.HEALTHY, StepStatus.DONE)
                        .finishedAt()
                        .orElseThrow())
                .min(Instant::compareTo)
                .orElseThrow();
        assertThat(lastStart).isBefore(firstReady);
        for (int k = 0; k < 3; k++) {
            String old = plan.retire().get(k);
            Instant replacementServes = step(steps, surgeIds.get(k), InstanceStep.RUNNING_NEW, StepStatus.DONE)
                    .finishedAt()
                    .orElseThrow();
            assertThat(step(steps, old, InstanceStep.DRAINING, StepStatus.STARTED)
                            .startedAt())
                    .as("%s drains after %s serves", old, surgeIds.get(k))
                    .isAfterOrEqualTo(replacementServes);
            assertThat(cluster.agent.status(old).state().isLive()).as(old).isFalse();
            assertThat(cluster.versionOf(new InstanceRef(surgeIds.get(k), "127.0.0.1", 1)))
                    .isEqualTo("v2");
        }
        assertThat(cluster.gateway.tables().current().members())
                .extracting(m -> m.id())
                .containsExactlyInAnyOrderElementsOf(surgeIds);
    }

    @Test
    void instancesOfOneBatchGoThroughTheirStepsTogether() throws Exception {
        Release release = createRelease(spec().batchSize(2).build());
        ReleaseFence fence = cluster.store.claimRelease(release.id(), "controller-1", 1);
        RollingPlan plan = cluster.plan(2, 0);
        List<String> batch = plan.batches().get(0);
        assertThat(batch).hasSize(2);

        LoadedRun run = runUnderLoad(cluster.runner(cluster.store, fence, plan));
        ReleaseState end = run.end();
        Report report = run.report();

        assertThat(end).isEqualTo(ReleaseState.SUCCEEDED);
        assertThat(report.failed()).as(report.toString()).isZero();
        List<StepRecord> steps = cluster.store.steps(release.id());
        for (String id : batch) {
            for (String mate : batch) {
                // one after the other, the second would start draining only once the first serves again
                assertThat(step(steps, id, InstanceStep.DRAINING, StepStatus.STARTED)
                                .startedAt())
                        .as("%s drains before its batch mate %s serves again", id, mate)
                        .isBefore(step(steps, mate, InstanceStep.RUNNING_NEW, StepStatus.DONE)
                                .finishedAt()
                                .orElseThrow());
            }
        }
        String last = plan.batches().get(1).get(0);
        Instant batchDone = batch.stream()
                .map(id -> step(steps, id, InstanceStep.RUNNING_NEW, StepStatus.DONE)
                        .finishedAt()
                        .orElseThrow())
                .max(Instant::compareTo)
                .orElseThrow();
        assertThat(step(steps, last, InstanceStep.DRAINING, StepStatus.STARTED).startedAt())
                .as("the next batch waits for the whole batch before it")
                .isAfterOrEqualTo(batchDone);
    }

    private static StepRecord step(List<StepRecord> steps, String instanceId, InstanceStep step, StepStatus status) {
        return steps.stream()
                .filter(r -> r.instanceId().equals(instanceId) && r.step() == step && r.status() == status)
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no " + step + " " + status + " for " + instanceId + " in " + steps));
    }

    @Test
    void operatorPauseHoldsTheReleaseBetweenStepsUntilResumed() throws Exception {
        Release release = createRelease(spec().build());
        ReleaseFence fence = cluster.store.claimRelease(release.id(), "controller-1", 1);
        String first = cluster.instances.get(0).id();
        String second = cluster.instances.get(1).id();
        ReleaseRunner runner = cluster.runner(cluster.store, fence, cluster.plan(1, 0))
                .listener(t -> {
                    if (t.instanceId().equals(first) && t.to() == InstanceStep.RUNNING_NEW) {
                        cluster.store.applyCommand(release.id(), ReleaseCommand.PAUSE);
                    }
                })
                .build();

        CompletableFuture<ReleaseState> run = CompletableFuture.supplyAsync(runner::run);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> cluster.store.release(release.id()).orElseThrow().state() == ReleaseState.PAUSED);
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> cluster.store.lastStep(release.id(), second).isEmpty() && !run.isDone());

        cluster.store.applyCommand(release.id(), ReleaseCommand.RESUME);

        assertThat(run.get(60, TimeUnit.SECONDS)).isEqualTo(ReleaseState.SUCCEEDED);
        for (InstanceRef ref : cluster.instances) {
            assertThat(cluster.versionOf(ref)).as(ref.id()).isEqualTo("v2");
        }
    }

    @Test
    void operatorRollbackPutsUpgradedInstancesBackWithZeroFailedRequests() throws Exception {
        Release release = createRelease(spec().build());
        ReleaseFence fence = cluster.store.claimRelease(release.id(), "controller-1", 1);
        String second = cluster.instances.get(1).id();
        ReleaseRunner runner = cluster.runner(cluster.store, fence, cluster.plan(1, 0))
                .listener(t -> {
                    if (t.instanceId().equals(second) && t.to() == InstanceStep.RUNNING_NEW) {
                        cluster.store.applyCommand(release.id(), ReleaseCommand.ROLLBACK);
                    }
                })
                .build();

        ReleaseState end;
        Report report;
        try (LoadRun load = cluster.load().start()) {
            awaitTraffic(load);
            end = runner.run();
            load.stop();
            report = load.awaitCompletion(Duration.ofSeconds(30));
        }
        log.info("operator rollback: {}", report.summary());

        assertThat(end).isEqualTo(ReleaseState.ROLLED_BACK);
        assertThat(report.failed()).as(report.toString()).isZero();
        for (InstanceRef ref : cluster.instances) {
            assertThat(cluster.versionOf(ref)).as(ref.id()).isEqualTo("v1");
            assertThat(cluster.gateway
                            .tables()
                            .current()
                            .member(ref.id())
                            .orElseThrow()
                            .state())
                    .isEqualTo(MemberState.ACTIVE);
        }
        assertThat(cluster.store.lastStep(release.id(), cluster.instances.get(2).id()))
                .isEmpty();
    }

    @Test
    void operatorRollbackAfterTheLastStepRollsBackInsteadOfEndingTheRunnerOnAnIllegalTransition() {
        Release release = createRelease(spec().build());
        ReleaseFence fence = cluster.store.claimRelease(release.id(), "controller-1", 1);
        InstanceRef only = cluster.instances.get(0);
        ReleaseRunner runner = cluster.runner(cluster.store, fence, RollingPlan.of(List.of(only), 1, 0))
                .listener(t -> {
                    if (t.to() == InstanceStep.RUNNING_NEW) {
                        // after the release's last step, before the runner records SUCCEEDED
                        cluster.store.applyCommand(release.id(), ReleaseCommand.ROLLBACK);
                    }
                })
                .build();

        ReleaseState end = runner.run();

        assertThat(end).isEqualTo(ReleaseState.ROLLED_BACK);
        assertThat(cluster.store.release(release.id()).orElseThrow().state()).isEqualTo(ReleaseState.ROLLED_BACK);
        assertThat(cluster.versionOf(only)).isEqualTo("v1");
        assertThat(cluster.store.instance(only.id()).orElseThrow().version()).isEqualTo("v1");
        assertThat(cluster.store.lastStep(release.id(), only.id()).orElseThrow())
                .extracting(StepRecord::step, StepRecord::status)
                .containsExactly(InstanceStep.ROLLED_BACK, StepStatus.DONE);
    }

    /** Waits until the load has real traffic going, so that a release runs under it. */
    /** What a release run under load ended in, and what the load saw. */
    private record LoadedRun(ReleaseState end, Report report) {}

    /** Starts the load, waits for traffic, runs the release to its end, then stops the load and reads its report. */
    private LoadedRun runUnderLoad(ReleaseRunnerBuilder runner) throws Exception {
        try (LoadRun load = cluster.load().start()) {
            awaitTraffic(load);
            ReleaseState end = runner.build().run();
            load.stop();
            return new LoadedRun(end, load.awaitCompletion(Duration.ofSeconds(30)));
        }
    }

    private static void awaitTraffic(LoadRun load) {
        await().atMost(Duration.ofSeconds(30)).until(() -> load.report().succeeded() >= 100);
    }

    private List<InstanceStep> doneSteps(String releaseId, String instanceId) {
        return cluster.store.steps(releaseId).stream()
                .filter(s -> s.instanceId().equals(instanceId) && s.status() == StepStatus.DONE)
                .map(StepRecord::step)
                .toList();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
