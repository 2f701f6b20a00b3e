package dev.nonstop.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.controller.release.spec.ReleaseSpec;
import dev.nonstop.controller.release.state.IllegalCommandException;
import dev.nonstop.controller.release.state.IllegalTransitionException;
import dev.nonstop.controller.release.state.InstanceStep;
import dev.nonstop.controller.release.state.ReleaseCommand;
import dev.nonstop.controller.release.state.ReleaseState;
import dev.nonstop.coordination.Lease;
import dev.nonstop.coordination.jdbc.JdbcLeaseStore;
import dev.nonstop.coordination.lease.LeaseLockService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every database behind {@link ControllerStore} must do. Subclasses open a store on their database; each test
 * works on its own app, so tests may share a database.
 */
abstract class ControllerStoreContractTest {

    @TempDir
    Path tempDir;

    protected ControllerStore store;
    private String app;
    private Path artifact;

    /** A store on a migrated, possibly shared database. */
    protected abstract ControllerStore openStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = openStore();
        app = "app-" + UUID.randomUUID().toString().substring(0, 8);
        artifact = Files.writeString(tempDir.resolve("app.jar"), "jar");
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private ReleaseSpec spec(String version) {
        return ReleaseSpec.builder(app, version, artifact).batchSize(2).surge(1).build();
    }

    private Release newRelease() {
        store.createApp(app);
        return store.createRelease(spec("2.0.0"), "1.0.0");
    }

    @Test
    void appsRoundTripAndNamesAreUnique() {
        RegisteredApp created = store.createApp(app);

        assertThat(created.name()).isEqualTo(app);
        assertThat(created.createdAt()).isNotNull();
        assertThat(store.app(app)).contains(created);
        assertThat(store.apps()).contains(created);
        assertThat(store.app("no-such-app")).isEmpty();
        assertThatThrownBy(() -> store.createApp(app))
                .isInstanceOf(AlreadyExistsException.class)
                .hasMessageContaining(app);
    }

    @Test
    void instancesRoundTripAndUpdate() {
        store.createApp(app);
        Instance created = store.createInstance(new NewInstance(
                app + "-1", app, app + ".host", 8081, "1.0.0", RecordedInstanceState.RUNNING, Optional.of("m-1")));
        store.createInstance(
                NewInstance.of(app + "-2", app, app + ".host", 8082, "1.0.0", RecordedInstanceState.PENDING));

        assertThat(store.instance(app + "-1")).contains(created);
        assertThat(created.gatewayMemberId()).contains("m-1");
        assertThat(store.instances(app)).extracting(Instance::id).containsExactly(app + "-1", app + "-2");

        Instance updated = store.updateInstance(created.withVersion("2.0.0")
                .withState(RecordedInstanceState.DRAINING)
                .withGatewayMemberId(null));

        assertThat(updated.version()).isEqualTo("2.0.0");
        assertThat(updated.state()).isEqualTo(RecordedInstanceState.DRAINING);
        assertThat(updated.gatewayMemberId()).isEmpty();
        assertThat(updated.updatedAt()).isAfterOrEqualTo(created.updatedAt());
        assertThat(store.instance(app + "-1")).contains(updated);
    }

    @Test
    void instancesNeedTheirAppAndAFreeAddress() {
        assertThatThrownBy(() -> store.createInstance(
                        NewInstance.of(app + "-1", app, "h", 8081, "1.0.0", RecordedInstanceState.RUNNING)))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("app " + app + ": not found");
        store.createApp(app);
        store.createInstance(NewInstance.of(app + "-1", app, app, 8081, "1.0.0", RecordedInstanceState.RUNNING));
        assertThatThrownBy(() -> store.createInstance(
                        NewInstance.of(app + "-2", app, app, 8081, "1.0.0", RecordedInstanceState.RUNNING)))
                .isInstanceOf(AlreadyExistsException.class);
        Instance ghost = store.instance(app + "-1").orElseThrow();
        assertThatThrownBy(() -> store.updateInstance(new Instance(
                        app + "-ghost",
                        app,
                        app,
                        9999,
                        "1.0.0",
                        RecordedInstanceState.RUNNING,
                        Optional.empty(),
                        ghost.createdAt(),
                        ghost.updatedAt())))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("instance " + app + "-ghost: not found");
    }

    @Test
    void releasesRoundTripWithTheirSpec() {
        Release release = newRelease();

        assertThat(release.state()).isEqualTo(ReleaseState.PENDING);
        assertThat(release.app()).isEqualTo(app);
        assertThat(release.fromVersion()).isEqualTo("1.0.0");
        assertThat(release.toVersion()).isEqualTo("2.0.0");
        assertThat(release.spec()).isEqualTo(spec("2.0.0"));
        assertThat(release.owner()).isEmpty();
        assertThat(release.error()).isEmpty();
        assertThat(store.release(release.id())).contains(release);

        Release second = store.createRelease(spec("3.0.0"), "2.0.0");
        assertThat(store.releases(app)).extracting(Release::id).containsExactly(second.id(), release.id());
        assertThat(store.releasesNeedingOwner()).extracting(Release::id).contains(release.id(), second.id());
        assertThat(store.release("no-such-release")).isEmpty();
    }

    @Test
    void aReleaseNeedsItsApp() {
        assertThatThrownBy(() -> store.createRelease(spec("2.0.0"), "1.0.0"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("app " + app + ": not found");
    }

    @Test
    void stepsAreRecordedBeforeAndAfterAndTheLastOneIsTheResumePoint() {
        Release release = newRelease();
        String instance = app + "-1";
        ReleaseFence first = store.claimRelease(release.id(), "controller-a", 1);
        assertThat(store.lastStep(release.id(), instance)).isEmpty();

        StepRecord started = store.recordStepStarted(first, instance, InstanceStep.DRAINING, "table 7");
        assertThat(store.lastStep(release.id(), instance)).contains(started);
        assertThat(started.status()).isEqualTo(StepStatus.STARTED);
        assertThat(started.finishedAt()).isEmpty();

        StepRecord done = store.recordStepDone(first, instance, InstanceStep.DRAINING, "acked by 2 gateways");
        assertThat(done.status()).isEqualTo(StepStatus.DONE);
        assertThat(done.startedAt()).isEqualTo(started.startedAt());
        assertThat(done.finishedAt()).get().satisfies(at -> assertThat(at).isAfterOrEqualTo(started.startedAt()));
        store.recordStepStarted(first, instance, InstanceStep.DRAINED, "");

        // controller-a dies mid-step; controller-b takes over with a higher token and resumes at the STARTED step
        ReleaseFence second = store.claimRelease(release.id(), "controller-b", 2);
        StepRecord resumePoint = store.lastStep(release.id(), instance).orElseThrow();
        assertThat(resumePoint.step()).isEqualTo(InstanceStep.DRAINED);
        assertThat(resumePoint.status()).isEqualTo(StepStatus.STARTED);

        store.recordStepStarted(second, instance, InstanceStep.DRAINED, "re-run after take-over");
        store.recordStepDone(second, instance, InstanceStep.DRAINED, "in-flight 0");
        store.recordStepStarted(second, instance, InstanceStep.STOPPED, "");
        StepRecord failed = store.recordStepFailed(second, instance, InstanceStep.STOPPED, "agent unreachable");

        assertThat(store.lastStep(release.id(), instance)).contains(failed);
        assertThat(store.steps(release.id()))
                .extracting(r -> r.step() + " " + r.status())
                .containsExactly(
                        "DRAINING STARTED",
                        "DRAINING DONE",
                        "DRAINED STARTED",
                        "DRAINED STARTED",
                        "DRAINED DONE",
                        "STOPPED STARTED",
                        "STOPPED FAILED");
        assertThat(store.lastStep(release.id(), app + "-other")).isEmpty();
    }

    @Test
    void onlyTheStepInProgressCanFinish() {
        Release release = newRelease();
        ReleaseFence fence = store.claimRelease(release.id(), "controller-a", 1);
        String instance = app + "-1";

        assertThatThrownBy(() -> store.recordStepDone(fence, instance, InstanceStep.DRAINING, ""))
                .isInstanceOf(StepNotStartedException.class)
                .hasMessageContaining("last recorded: nothing");
        store.recordStepStarted(fence, instance, InstanceStep.DRAINING, "");
        assertThatThrownBy(() -> store.recordStepDone(fence, instance, InstanceStep.DRAINED, ""))
                .isInstanceOf(StepNotStartedException.class)
                .hasMessageContaining("last recorded: DRAINING STARTED");
        store.recordStepDone(fence, instance, InstanceStep.DRAINING, "");
        assertThatThrownBy(() -> store.recordStepFailed(fence, instance, InstanceStep.DRAINING, ""))
                .isInstanceOf(StepNotStartedException.class)
                .hasMessageContaining("last recorded: DRAINING DONE");
    }

    @Test
    void stateUpdatesAreOptimisticAndFollowTheTable() {
        Release release = newRelease();
        ReleaseFence fence = store.claimRelease(release.id(), "controller-a", 1);

        Release running = store.updateReleaseState(fence, ReleaseState.PENDING, ReleaseState.RUNNING);
        assertThat(running.state()).isEqualTo(ReleaseState.RUNNING);
        assertThat(running.updatedAt()).isAfterOrEqualTo(release.updatedAt());

        assertThatThrownBy(() -> store.updateReleaseState(fence, ReleaseState.PENDING, ReleaseState.RUNNING))
                .isInstanceOfSatisfying(StaleStateException.class, e -> {
                    assertThat(e.expected()).isEqualTo(ReleaseState.PENDING);
                    assertThat(e.actual()).isEqualTo(ReleaseState.RUNNING);
                });

        // an operator pauses through another controller; the runner's next write loses and learns it
        assertThat(store.applyCommand(release.id(), ReleaseCommand.PAUSE).state())
                .isEqualTo(ReleaseState.PAUSED);
        assertThatThrownBy(() -> store.updateReleaseState(fence, ReleaseState.RUNNING, ReleaseState.SUCCEEDED))
                .isInstanceOfSatisfying(
                        StaleStateException.class, e -> assertThat(e.actual()).isEqualTo(ReleaseState.PAUSED));

        assertThatThrownBy(() -> store.applyCommand(release.id(), ReleaseCommand.PAUSE))
                .isInstanceOf(IllegalCommandException.class)
                .hasMessageStartingWith("cannot PAUSE a PAUSED release");
        assertThatThrownBy(() -> store.updateReleaseState(fence, ReleaseState.PAUSED, ReleaseState.SUCCEEDED))
                .isInstanceOf(IllegalTransitionException.class);
        assertThat(store.release(release.id()).orElseThrow().state()).isEqualTo(ReleaseState.PAUSED);

        store.applyCommand(release.id(), ReleaseCommand.ROLLBACK);
        Release failed =
                store.updateReleaseState(fence, ReleaseState.ROLLING_BACK, ReleaseState.FAILED, "agent on h2 down");
        assertThat(failed.error()).contains("agent on h2 down");
        assertThat(store.releasesNeedingOwner()).extracting(Release::id).doesNotContain(release.id());
        assertThat(store.releasesIn(ReleaseState.FAILED))
                .extracting(Release::id)
                .contains(release.id());
        assertThatThrownBy(() -> store.applyCommand("no-such-release", ReleaseCommand.ABORT))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void aClaimNeedsAHigherTokenAndTheOldOwnerIsFencedOut() {
        Release release = newRelease();
        String instance = app + "-1";
        store.createInstance(NewInstance.of(instance, app, app, 9001, "1.0.0", RecordedInstanceState.RUNNING));

        assertThatThrownBy(() -> store.updateReleaseState(
                        new ReleaseFence(release.id(), "controller-a", 5), ReleaseState.PENDING, ReleaseState.RUNNING))
                .as("an unclaimed release refuses fenced writes")
                .isInstanceOfSatisfying(FencedOutException.class, e -> assertThat(e.currentToken())
                        .isEmpty());

        ReleaseFence a = store.claimRelease(release.id(), "controller-a", 5);
        assertThat(store.claimRelease(release.id(), "controller-a", 5))
                .as("a retried claim")
                .isEqualTo(a);
        assertThatThrownBy(() -> store.claimRelease(release.id(), "controller-b", 5))
                .isInstanceOf(FencedOutException.class);
        assertThatThrownBy(() -> store.claimRelease(release.id(), "controller-b", 3))
                .isInstanceOfSatisfying(FencedOutException.class, e -> {
                    assertThat(e.token()).isEqualTo(3);
                    assertThat(e.currentToken()).isEqualTo(OptionalLong.of(5));
                });
        store.updateReleaseState(a, ReleaseState.PENDING, ReleaseState.RUNNING);
        store.recordStepStarted(a, instance, InstanceStep.DRAINING, "");

        ReleaseFence b = store.claimRelease(release.id(), "controller-b", 7);
        assertThat(store.release(release.id()).orElseThrow().owner()).contains(new ReleaseOwner("controller-b", 7));

        Instance current = store.instance(instance).orElseThrow();
        assertThatThrownBy(() -> store.recordStepDone(a, instance, InstanceStep.DRAINING, "stale"))
                .isInstanceOf(FencedOutException.class);
        assertThatThrownBy(() -> store.recordStepStarted(a, instance, InstanceStep.DRAINED, "stale"))
                .isInstanceOf(FencedOutException.class);
        assertThatThrownBy(() -> store.updateReleaseState(a, ReleaseState.RUNNING, ReleaseState.SUCCEEDED))
                .isInstanceOfSatisfying(FencedOutException.class, e -> assertThat(e.currentToken())
                        .isEqualTo(OptionalLong.of(7)));
        assertThatThrownBy(() -> store.updateInstance(a, current.withVersion("2.0.0")))
                .isInstanceOf(FencedOutException.class);

        assertThat(store.steps(release.id())).hasSize(1);
        assertThat(store.release(release.id()).orElseThrow().state()).isEqualTo(ReleaseState.RUNNING);
        assertThat(store.instance(instance).orElseThrow().version()).isEqualTo("1.0.0");

        store.recordStepDone(b, instance, InstanceStep.DRAINING, "");
        store.updateInstance(b, current.withState(RecordedInstanceState.DRAINING));
        assertThat(store.updateReleaseState(b, ReleaseState.RUNNING, ReleaseState.SUCCEEDED)
                        .state())
                .isEqualTo(ReleaseState.SUCCEEDED);
    }

    @Test
    void leaseTokensFromTheCoordinationModuleFenceTheStore() throws Exception {
        Release release = newRelease();
        String lock = ReleaseFence.lockName(release.id());
        try (LeaseLockService locks = LeaseLockService.builder(
                        JdbcLeaseStore.builder(store.dataSource()).build())
                .build()) {
            Lease first = locks.acquire(lock, Duration.ofSeconds(30), Duration.ofSeconds(5));
            ReleaseFence a = store.claimRelease(release.id(), "controller-a", first.fencingToken());
            first.close(); // as if controller-a's lease lapsed

            try (Lease second = locks.acquire(lock, Duration.ofSeconds(30), Duration.ofSeconds(5))) {
                assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
                ReleaseFence b = store.claimRelease(release.id(), "controller-b", second.fencingToken());

                assertThatThrownBy(() -> store.updateReleaseState(a, ReleaseState.PENDING, ReleaseState.RUNNING))
                        .isInstanceOf(FencedOutException.class);
                assertThatThrownBy(() -> store.claimRelease(release.id(), "controller-a", first.fencingToken()))
                        .isInstanceOf(FencedOutException.class);
                assertThat(store.updateReleaseState(b, ReleaseState.PENDING, ReleaseState.RUNNING)
                                .state())
                        .isEqualTo(ReleaseState.RUNNING);
            }
        }
    }

    @Test
    void theAuditLogAppendsAndQueriesNewestFirst() {
        String target = "release/" + app;
        AuditEntry first =
                store.appendAudit(new NewAuditEntry("alice", "release.start", target, AuditResult.OK, "batch 2"));
        AuditEntry second =
                store.appendAudit(new NewAuditEntry("bob", "release.pause", target, AuditResult.REFUSED, null));
        store.appendAudit(new NewAuditEntry("alice", "instance.drain", "instance/" + app, AuditResult.OK, ""));

        assertThat(first.at()).isNotNull();
        assertThat(second.id()).isGreaterThan(first.id());
        assertThat(second.detail()).isEmpty();
        assertThat(store.audit(AuditQuery.latest(10).target(target))).containsExactly(second, first);
        assertThat(store.audit(AuditQuery.latest(10).target(target).actor("alice")))
                .containsExactly(first);
        assertThat(store.audit(AuditQuery.latest(1).target(target))).containsExactly(second);
        assertThat(store.audit(AuditQuery.latest(10).target(target).since(second.at())))
                .contains(second);
        assertThat(store.audit(
                        AuditQuery.latest(10).target(target).since(Instant.now().plusSeconds(3600))))
                .isEmpty();
    }

    @Test
    void longAuditTextIsCutToFitAndTheEntryIsKept() {
        String path = "/api/" + "a".repeat(10_000);

        AuditEntry entry = store.appendAudit(new NewAuditEntry(
                "anonymous@" + "b".repeat(10_000),
                "POST " + path,
                path,
                AuditResult.REFUSED,
                "c".repeat(2_000_000),
                7));

        assertThat(entry.actor()).hasSize(255).startsWith("anonymous@bbb").endsWith("...");
        assertThat(entry.action()).hasSize(255).startsWith("POST /api/aaa").endsWith("...");
        assertThat(entry.target()).hasSize(255).startsWith("/api/aaa").endsWith("...");
        assertThat(entry.detail()).hasSize(1_000_000).endsWith("...");
        assertThat(entry.attempts()).isEqualTo(7);
        assertThat(store.audit(AuditQuery.latest(1))).containsExactly(entry);
    }

    @Test
    void concurrentCommandsOnOneReleaseHaveOneWinner() throws Exception {
        Release release = newRelease();
        ReleaseFence fence = store.claimRelease(release.id(), "controller-a", 1);
        store.updateReleaseState(fence, ReleaseState.PENDING, ReleaseState.RUNNING);
        int contenders = 4;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        try {
            List<Future<ReleaseState>> outcomes = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                ReleaseCommand command = i % 2 == 0 ? ReleaseCommand.PAUSE : ReleaseCommand.ABORT;
                outcomes.add(pool.submit(() -> {
                    go.await();
                    return store.applyCommand(release.id(), command).state();
                }));
            }
            go.countDown();
            List<ReleaseState> winners = new ArrayList<>();
            int refused = 0;
            for (Future<ReleaseState> outcome : outcomes) {
                try {
                    winners.add(outcome.get(30, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOfAny(StaleStateException.class, IllegalCommandException.class);
                    refused++;
                }
            }
            // PAUSE then ABORT is a legal sequence (PAUSED -> ABORTING), so one or two commands may win
            assertThat(winners).isNotEmpty();
            assertThat(winners.size() + refused).isEqualTo(contenders);
            assertThat(store.release(release.id()).orElseThrow().state())
                    .isIn(ReleaseState.PAUSED, ReleaseState.ABORTING);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closingTwiceIsHarmless() {
        store.close();
        store.close();
        store = null;
    }
}
