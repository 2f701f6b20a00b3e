package dev.nonstop.controller.runner;

import static dev.nonstop.controller.runner.ReleaseFixture.APP;
import static dev.nonstop.controller.runner.ReleaseFixture.APP_TOKEN;
import static dev.nonstop.controller.runner.ReleaseFixture.ENV;
import static dev.nonstop.controller.runner.ReleaseFixture.JVM_ARGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nonstop.agent.Caller;
import dev.nonstop.controller.api.ReleaseConflictException;
import dev.nonstop.controller.api.ReleaseEvent;
import dev.nonstop.controller.api.ReleaseEvents;
import dev.nonstop.controller.release.plan.InstanceRef;
import dev.nonstop.controller.release.spec.DrainPolicy;
import dev.nonstop.controller.release.spec.HealthSpec;
import dev.nonstop.controller.release.spec.ReleaseSpec;
import dev.nonstop.controller.release.spec.SmokeCheck;
import dev.nonstop.controller.release.spec.WarmUpSpec;
import dev.nonstop.controller.release.state.ReleaseState;
import dev.nonstop.controller.service.ReleaseService;
import dev.nonstop.controller.store.Release;
import dev.nonstop.controller.store.ReleaseFence;
import dev.nonstop.coordination.Lease;
import dev.nonstop.coordination.LockService;
import dev.nonstop.coordination.jdbc.JdbcLeaseStore;
import dev.nonstop.coordination.lease.LeaseLockService;
import dev.nonstop.testing.load.LoadRun;
import dev.nonstop.testing.load.Report;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release service as a controller runs it: releases started through it run under a lease of
 * their own, publish their states, and a release whose owner is gone is taken over by the
 * recovery scanner and finished, with zero failed requests.
 */
@Timeout(180)
class ReleaseServiceIntegrationTest {
    @TempDir
    Path dir;

    private ReleaseFixture cluster;
    private LockService locks;
    private ReleaseEvents events;
    private ReleaseService service;

    @BeforeEach
    void start() throws Exception {
        cluster = new ReleaseFixture(dir);
        locks = LeaseLockService.builder(
                        JdbcLeaseStore.builder(cluster.store.dataSource()).build())
                .build();
        events = new ReleaseEvents();
        service = new ReleaseService(
                cluster.store,
                locks,
                "controller-b",
                events,
                (host, fence) -> cluster.agent.as(new Caller("controller", Optional.of(fence))),
                (release, runner) -> runner.gateways(List.of(cluster.adminClient()))
                        .appToken(APP_TOKEN)
                        .env(ENV)
                        .jvmArgs(JVM_ARGS),
                Duration.ofSeconds(2),
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
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

    private static ReleaseSpec spec() {
        return spec(Duration.ofMillis(200));
    }

    private static ReleaseSpec spec(Duration warmUpHold) {
        return ReleaseSpec.builder(APP, "v2", ReleaseFixture.jar("v2"))
                .batchSize(1)
                .drain(Duration.ofSeconds(20), DrainPolicy.FAIL)
                .health(new HealthSpec("/ready", Duration.ofSeconds(20), Duration.ofMillis(50)))
                .smokeChecks(List.of(SmokeCheck.get("/version", 200)))
                .warmUp(new WarmUpSpec(List.of(50, 100), warmUpHold, 0.01))
                .stopTimeout(Duration.ofSeconds(10))
                .build();
    }

    private ReleaseState stateOf(String releaseId) {
        return cluster.store.release(releaseId).orElseThrow().state();
    }

    @Test
    void aStartedReleaseRunsUnderLoadWithZeroFailedRequestsAndPublishesItsStates() throws Exception {
        List<ReleaseEvent> seen = new CopyOnWriteArrayList<>();
        Report report;
        Release release;
        try (LoadRun load = cluster.load().start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> load.report().succeeded() > 100);
            release = service.start(spec());
            events.subscribe(release.id(), 0, e -> seen.add(e.event()));

            assertThatThrownBy(() -> service.start(spec())).isInstanceOf(ReleaseConflictException.class);
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> stateOf(release.id()).isSettled());
            load.stop();
            report = load.awaitCompletion(Duration.ofSeconds(30));
        }

        assertThat(stateOf(release.id())).isEqualTo(ReleaseState.SUCCEEDED);
        assertThat(report.failed()).as(report.toString()).isZero();
        for (InstanceRef ref : cluster.instances) {
            assertThat(cluster.versionOf(ref)).isEqualTo("v2");
        }
        assertThat(seen)
                .filteredOn(e -> e instanceof ReleaseEvent.InFlight)
                .extracting(e -> ((ReleaseEvent.InFlight) e).instanceId())
                .as("in-flight counts published while each instance drained")
                .containsAll(cluster.instances.stream().map(InstanceRef::id).toList());
        assertThat(seen)
                .filteredOn(e -> e instanceof ReleaseEvent.StateChanged)
                .extracting(e -> ((ReleaseEvent.StateChanged) e).to())
                .contains(ReleaseState.SUCCEEDED);
        assertThat(cluster.store.release(release.id()).orElseThrow().owner())
                .get()
                .satisfies(owner -> assertThat(owner.toString()).contains("controller-b"));
    }

    @Test
    void aRunnerWhoseLeaseIsTakenOverStopsAtOnceInsteadOfAtItsNextFencedWrite() throws Exception {
        // Warm-up holds of 5 s: the release is still running when the loss is noticed (within a renewal).
        Release release = service.start(spec(Duration.ofSeconds(5)));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !cluster.store.steps(release.id()).isEmpty());

        // Another holder in the lease row: the next renewal finds the lease taken over. The release row's fence
        // still names this controller, so without the lease listener its runner would go on to the end.
        try (Connection c = cluster.store.dataSource().getConnection();
                PreparedStatement takeOver =
                        c.prepareStatement("UPDATE nonstop_lease SET holder = 'controller-x' WHERE name = ?")) {
            takeOver.setString(1, ReleaseFence.lockName(release.id()));
            assertThat(takeOver.executeUpdate()).isOne();
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> !service.isDriving(release.id()));
        int recorded = cluster.store.steps(release.id()).size();
        assertThat(stateOf(release.id()))
                .as("left to the next owner, neither failed nor rolled back")
                .isEqualTo(ReleaseState.RUNNING);
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> cluster.store.steps(release.id()).size() == recorded);
    }

    @Test
    void theRecoveryScannerLeavesALiveOwnersReleaseAloneAndFinishesAReleaseWhoseOwnerIsGone() throws Exception {
        Release release = cluster.store.createRelease(spec(), "v1");
        Lease deadOwnersLease =
                locks.acquire(ReleaseFence.lockName(release.id()), Duration.ofSeconds(2), Duration.ofSeconds(5));
        cluster.store.claimRelease(release.id(), "controller-a", deadOwnersLease.fencingToken());

        assertThat(service.scanOnce()).isZero();
        assertThat(service.isDriving(release.id())).isFalse();

        Report report;
        try (LoadRun load = cluster.load().start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> load.report().succeeded() > 100);
            deadOwnersLease.close(); // the owner is gone: its lease is free
            assertThat(service.scanOnce()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> stateOf(release.id()).isSettled());
            load.stop();
            report = load.awaitCompletion(Duration.ofSeconds(30));
        }

        assertThat(stateOf(release.id())).isEqualTo(ReleaseState.SUCCEEDED);
        assertThat(report.failed()).as(report.toString()).isZero();
        assertThat(cluster.store.release(release.id()).orElseThrow().owner())
                .get()
                .satisfies(owner -> assertThat(owner.toString()).contains("controller-b"));
    }
}
