package dev.nonstop.controller.runner;

import static dev.nonstop.controller.runner.ReleaseFixture.APP;
import static dev.nonstop.controller.runner.ReleaseFixture.APP_TOKEN;
import static dev.nonstop.controller.runner.ReleaseFixture.ENV;
import static dev.nonstop.controller.runner.ReleaseFixture.JVM_ARGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nonstop.agent.Caller;
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
import dev.nonstop.controller.store.RecordedInstanceState;
import dev.nonstop.controller.store.Release;
import dev.nonstop.controller.store.ReleaseFence;
import dev.nonstop.controller.store.StepRecord;
import dev.nonstop.controller.store.StepStatus;
import dev.nonstop.coordination.LockService;
import dev.nonstop.coordination.jdbc.JdbcLeaseStore;
import dev.nonstop.coordination.lease.LeaseLockService;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.MemberState;
import dev.nonstop.testing.load.LoadRun;
import dev.nonstop.testing.load.Report;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operators' commands that land while an instance waits (a warm-up hold of 20 s, a drain, a readiness poll) take
 * effect within a second, under load, with no failed request; and after them the store records what each instance
 * runs, as the instance itself ({@code GET /version}) and its agent say. The commands are written to the store only,
 * as another controller would write them, so the runner learns of them by its command poll; the last case applies
 * one through the {@link ReleaseService} running the release, which wakes the runner at once.
 */
@Timeout(180)
class CommandsDuringWaitsIntegrationTest {
    private static final Logger log = LoggerFactory.getLogger(CommandsDuringWaitsIntegrationTest.class);
    private static final Duration WITHIN = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private ReleaseFixture cluster;
    private LoadRun load;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = new ReleaseFixture(dir);
        load = cluster.load().start();
        await().atMost(Duration.ofSeconds(30)).until(() -> load.report().succeeded() >= 100);
    }

    @AfterEach
    void stopCluster() {
        if (load != null) {
            load.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A release to v2, one instance at a time, whose warm-up holds its first weight for {@code hold}. */
    private static ReleaseSpec.Builder spec(List<Integer> weights, Duration hold) {
        return ReleaseSpec.builder(APP, "v2", ReleaseFixture.jar("v2"))
                .batchSize(1)
                .drain(Duration.ofSeconds(20), DrainPolicy.FAIL)
                .health(new HealthSpec("/ready", Duration.ofSeconds(20), Duration.ofMillis(50)))
                .smokeChecks(List.of(SmokeCheck.get("/version", 200)))
                .warmUp(new WarmUpSpec(weights, hold, 0.01))
                .stopTimeout(Duration.ofSeconds(10));
    }

    private record Running(Release release, CompletableFuture<ReleaseState> end) {}

    private Running start(ReleaseSpec spec, Map<String, String> newVersionEnv) {
        Release release = cluster.store.createRelease(spec, "v1");
        ReleaseFence fence = cluster.store.claimRelease(release.id(), "controller-a", 1);
        ReleaseRunner runner = cluster.runner(cluster.store, fence, cluster.plan(1, 0))
                .newVersionEnv(newVersionEnv)
                .build();
        return new Running(release, CompletableFuture.supplyAsync(runner::run));
    }

    private String first() {
        return cluster.instances.get(0).id();
    }

    /** Whether the instance's last recorded step is {@code step} with {@code status}. */
    private boolean at(String releaseId, String instance, InstanceStep step, StepStatus status) {
        return cluster.store
                .lastStep(releaseId, instance)
                .filter(r -> r.step() == step && r.status() == status)
                .isPresent();
    }

    private Optional<Member> member(String id) {
        return cluster.gateway.tables().current().member(id);
    }

    private ReleaseState stateOf(Release release) {
        return cluster.store.release(release.id()).orElseThrow().state();
    }

    /** How long after the command (applied by {@code command}) {@code effect} held, polled every 5 ms. */
    private static Duration timeUntil(Runnable command, BooleanSupplier effect) {
        long sent = System.nanoTime();
        command.run();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(5))
                .pollDelay(Duration.ZERO)
                .until(effect::getAsBoolean);
        return Duration.ofNanos(System.nanoTime() - sent);
    }

    private Report stopLoad() throws InterruptedException {
        load.stop();
        return load.awaitCompletion(Duration.ofSeconds(30));
    }

    /** The store's version of each instance is what it answers on GET /version and what its agent reports. */
    private void assertStoreRecordsWhatRuns() {
        for (InstanceRef ref : cluster.instances) {
            var stored = cluster.store.instance(ref.id()).orElseThrow();
            var reported = cluster.agent.status(ref.id());
            assertThat(stored.version())
                    .as("%s: stored %s, agent %s", ref.id(), stored, reported)
                    .isEqualTo(reported.version())
                    .isEqualTo(cluster.versionOf(ref));
            assertThat(stored.state()).as(ref.id()).isEqualTo(RecordedInstanceState.RUNNING);
        }
    }

    @Test
    void abortDuringATwentySecondWarmUpHoldTakesEffectWithinASecondAndTheStoreRecordsWhatEachInstanceRuns()
            throws Exception {
        Running run = start(spec(List.of(10, 100), Duration.ofSeconds(20)).build(), Map.of());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> at(run.release().id(), first(), InstanceStep.WARMING, StepStatus.STARTED)
                        && member(first()).map(Member::weight).orElse(0) == 10);

        Duration took = timeUntil(
                () -> cluster.store.applyCommand(run.release().id(), ReleaseCommand.ABORT),
                () -> stateOf(run.release()) == ReleaseState.ABORTED);
        log.info("abort during a 20 s warm-up hold: ABORTED {} ms after the command", took.toMillis());

        assertThat(took).isLessThan(WITHIN);
        assertThat(run.end().get(10, TimeUnit.SECONDS)).isEqualTo(ReleaseState.ABORTED);
        Report report = stopLoad();
        assertThat(report.failed()).as(report.toString()).isZero();
        // Left where the abort found it: the first instance on v2, serving at its warm-up weight.
        assertThat(cluster.versionOf(cluster.instances.get(0))).isEqualTo("v2");
        assertThat(member(first()).orElseThrow().state()).isEqualTo(MemberState.ACTIVE);
        assertThat(cluster.store.lastStep(run.release().id(), first()).orElseThrow())
                .satisfies(r -> assertThat(r.detail()).contains("ABORT"))
                .extracting(StepRecord::step, StepRecord::status)
                .containsExactly(InstanceStep.WARMING, StepStatus.FAILED);
        assertStoreRecordsWhatRuns();
    }

    @Test
    void pauseDuringAWarmUpHoldFreezesTheRampWithinASecondAndResumeFinishesTheRelease() throws Exception {
        Duration hold = Duration.ofSeconds(2);
        Running run = start(spec(List.of(10, 50, 100), hold).build(), Map.of());
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> member(first()).map(Member::weight).orElse(0) == 10);
        // The hold started before this point, so the next weight is due at most one second after the pause.
        long holdSeenAt = System.nanoTime();
        await().atMost(hold)
                .pollInterval(Duration.ofMillis(5))
                .until(() ->
                        System.nanoTime() - holdSeenAt >= hold.minus(WITHIN).toNanos());

        cluster.store.applyCommand(run.release().id(), ReleaseCommand.PAUSE);

        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> member(first()).map(Member::weight).orElse(0) == 10
                        && at(run.release().id(), first(), InstanceStep.WARMING, StepStatus.STARTED)
                        && stateOf(run.release()) == ReleaseState.PAUSED);
        // While paused, the store names the version the paused instance runs, not the one it ran before.
        InstanceRef paused = cluster.instances.get(0);
        assertThat(cluster.store.instance(paused.id()).orElseThrow().version())
                .as("stored version of %s while the release is paused in its warm-up", paused.id())
                .isEqualTo(cluster.agent.status(paused.id()).version())
                .isEqualTo(cluster.versionOf(paused))
                .isEqualTo("v2");

        cluster.store.applyCommand(run.release().id(), ReleaseCommand.RESUME);

        assertThat(run.end().get(120, TimeUnit.SECONDS)).isEqualTo(ReleaseState.SUCCEEDED);
        Report report = stopLoad();
        assertThat(report.failed()).as(report.toString()).isZero();
        for (InstanceRef ref : cluster.instances) {
            assertThat(cluster.versionOf(ref)).as(ref.id()).isEqualTo("v2");
        }
        assertStoreRecordsWhatRuns();
    }

    @Test
    void rollbackDuringATwentySecondWarmUpHoldStartsWithinASecondAndPutsTheOldVersionBack() throws Exception {
        Running run = start(spec(List.of(10, 100), Duration.ofSeconds(20)).build(), Map.of());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> at(run.release().id(), first(), InstanceStep.WARMING, StepStatus.STARTED)
                        && member(first()).map(Member::weight).orElse(0) == 10);

        Duration took = timeUntil(
                () -> cluster.store.applyCommand(run.release().id(), ReleaseCommand.ROLLBACK),
                () -> cluster.store.steps(run.release().id()).stream()
                        .anyMatch(s -> s.instanceId().equals(first()) && s.step() == InstanceStep.ROLLING_BACK));
        log.info("rollback during a 20 s warm-up hold: rolling back {} ms after the command", took.toMillis());

        assertThat(took).isLessThan(WITHIN);
        assertThat(run.end().get(60, TimeUnit.SECONDS)).isEqualTo(ReleaseState.ROLLED_BACK);
        Report report = stopLoad();
        assertThat(report.failed()).as(report.toString()).isZero();
        for (InstanceRef ref : cluster.instances) {
            assertThat(cluster.versionOf(ref)).as(ref.id()).isEqualTo("v1");
            assertThat(member(ref.id()).orElseThrow())
                    .extracting(Member::state, Member::weight)
                    .containsExactly(MemberState.ACTIVE, 100);
        }
        assertStoreRecordsWhatRuns();
    }

    @Test
    void abortDuringADrainTakesEffectWithinASecondAndPutsTheDrainingMemberBack() throws Exception {
        InstanceRef ref = cluster.instances.get(0);
        Running run = start(spec(List.of(100), Duration.ofMillis(100)).build(), Map.of());
        // A long request straight to the instance: its drain waits for it.
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> slow = http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ref.port() + "/slow?ms=6000"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> at(run.release().id(), first(), InstanceStep.DRAINED, StepStatus.STARTED)
                        && cluster.probe.appStatus(ref.host(), ref.port()).draining());
        assertThat(cluster.store.instance(ref.id()).orElseThrow().state())
                .as("recorded while its drain waits")
                .isEqualTo(RecordedInstanceState.DRAINING);

        Duration took = timeUntil(
                () -> cluster.store.applyCommand(run.release().id(), ReleaseCommand.ABORT),
                () -> stateOf(run.release()) == ReleaseState.ABORTED);
        log.info("abort during a drain: ABORTED {} ms after the command", took.toMillis());

        assertThat(took).isLessThan(WITHIN);
        assertThat(run.end().get(10, TimeUnit.SECONDS)).isEqualTo(ReleaseState.ABORTED);
        assertThat(slow.isDone()).as("the abort did not wait for the drain").isFalse();
        assertThat(member(first()).orElseThrow())
                .extracting(Member::state, Member::weight)
                .containsExactly(MemberState.ACTIVE, 100);
        assertThat(cluster.probe.appStatus(ref.host(), ref.port()).draining()).isFalse();
        assertThat(slow.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        Report report = stopLoad();
        assertThat(report.failed()).as(report.toString()).isZero();
        for (InstanceRef each : cluster.instances) {
            assertThat(cluster.versionOf(each)).as(each.id()).isEqualTo("v1");
        }
        assertStoreRecordsWhatRuns();
        http.close();
    }

    @Test
    void abortDuringAReadinessWaitTakesEffectWithinASecondAndTheStoreRecordsTheNewProcess() throws Exception {
        Running run = start(spec(List.of(100), Duration.ofMillis(100)).build(), Map.of("SAMPLE_FAIL_HEALTH", "true"));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> at(run.release().id(), first(), InstanceStep.HEALTHY, StepStatus.STARTED));

        Duration took = timeUntil(
                () -> cluster.store.applyCommand(run.release().id(), ReleaseCommand.ABORT),
                () -> stateOf(run.release()) == ReleaseState.ABORTED);
        log.info("abort during a readiness wait: ABORTED {} ms after the command", took.toMillis());

        assertThat(took).isLessThan(WITHIN);
        assertThat(run.end().get(10, TimeUnit.SECONDS)).isEqualTo(ReleaseState.ABORTED);
        Report report = stopLoad();
        assertThat(report.failed()).as(report.toString()).isZero();
        // The new process runs, not ready and without traffic; the store says so.
        assertThat(cluster.versionOf(cluster.instances.get(0))).isEqualTo("v2");
        assertThat(member(first()).orElseThrow().state()).isNotEqualTo(MemberState.ACTIVE);
        assertStoreRecordsWhatRuns();
    }

    /** A controller's release service on the fixture's store, with its own lock service. */
    private ReleaseService service(String controllerId, LockService locks, Duration commandPoll) {
        return new ReleaseService(
                cluster.store,
                locks,
                controllerId,
                new ReleaseEvents(),
                (host, fence) -> cluster.agent.as(new Caller("controller", Optional.of(fence))),
                (release, runner) -> runner.gateways(List.of(cluster.adminClient()))
                        .appToken(APP_TOKEN)
                        .env(ENV)
                        .jvmArgs(JVM_ARGS)
                        .commandPollInterval(commandPoll),
                Duration.ofSeconds(2),
                Clock.systemUTC());
    }

    private LockService locks() {
        return LeaseLockService.builder(
                        JdbcLeaseStore.builder(cluster.store.dataSource()).build())
                .build();
    }

    @Test
    void anAbortAppliedByTheControllerRunningTheReleaseWakesItsRunnerAtOnce() throws Exception {
        // a command poll far longer than a second: only the service's own wake-up can make it in time
        try (LockService locks = locks();
                ReleaseService service = service("controller-a", locks, Duration.ofSeconds(30))) {
            Release release =
                    service.start(spec(List.of(10, 100), Duration.ofSeconds(20)).build());
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> at(release.id(), first(), InstanceStep.WARMING, StepStatus.STARTED)
                            && member(first()).map(Member::weight).orElse(0) == 10);

            Duration took = timeUntil(
                    () -> service.apply(release.id(), ReleaseCommand.ABORT),
                    () -> stateOf(release) == ReleaseState.ABORTED);
            log.info("abort through the owning service: ABORTED {} ms after the command", took.toMillis());

            assertThat(took).isLessThan(WITHIN);
            await().atMost(Duration.ofSeconds(10)).until(() -> !service.isDriving(release.id()));
            Report report = stopLoad();
            assertThat(report.failed()).as(report.toString()).isZero();
            assertStoreRecordsWhatRuns();
        }
    }

    @Test
    void anAbortAcceptedByAnotherControllerReachesTheOwnersRunnerWithinASecond() throws Exception {
        try (LockService locksA = locks();
                LockService locksB = locks();
                ReleaseService owner = service("controller-a", locksA, Duration.ofMillis(100));
                ReleaseService other = service("controller-b", locksB, Duration.ofMillis(100))) {
            Release release =
                    owner.start(spec(List.of(10, 100), Duration.ofSeconds(20)).build());
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> at(release.id(), first(), InstanceStep.WARMING, StepStatus.STARTED)
                            && member(first()).map(Member::weight).orElse(0) == 10);

            Duration took = timeUntil(
                    () -> other.apply(release.id(), ReleaseCommand.ABORT),
                    () -> stateOf(release) == ReleaseState.ABORTED);
            log.info("abort through another controller: ABORTED {} ms after the command", took.toMillis());

            assertThat(took).isLessThan(WITHIN);
            assertThat(other.isDriving(release.id()))
                    .as("the owner's lease is held: B only records")
                    .isFalse();
            assertThat(cluster.store.release(release.id()).orElseThrow().owner())
                    .get()
                    .satisfies(o -> assertThat(o.toString()).contains("controller-a"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !owner.isDriving(release.id()));
            Report report = stopLoad();
            assertThat(report.failed()).as(report.toString()).isZero();
            assertStoreRecordsWhatRuns();
        }
    }
}
