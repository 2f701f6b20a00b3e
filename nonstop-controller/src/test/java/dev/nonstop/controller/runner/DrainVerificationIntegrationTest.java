package dev.nonstop.controller.runner;

import static dev.nonstop.controller.runner.ReleaseFixture.APP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.agent.contract.InstanceStatus;
import dev.nonstop.controller.release.plan.InstanceRef;
import dev.nonstop.controller.release.spec.DrainMode;
import dev.nonstop.controller.release.spec.DrainPolicy;
import dev.nonstop.controller.release.spec.DrainSpec;
import dev.nonstop.controller.release.spec.HealthSpec;
import dev.nonstop.controller.release.spec.ReleaseSpec;
import dev.nonstop.controller.release.spec.WarmUpSpec;
import dev.nonstop.controller.release.state.InstanceStep;
import dev.nonstop.controller.release.state.ReleaseState;
import dev.nonstop.controller.store.Release;
import dev.nonstop.controller.store.ReleaseFence;
import dev.nonstop.controller.store.StepRecord;
import dev.nonstop.controller.store.StepStatus;
import dev.nonstop.gateway.contract.MemberState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a release verifies a drain ({@link DrainMode}) against real sample app processes behind a real gateway: a
 * refused app token is a clear, immediate failure naming the app token, never a wait for the deadline nor a silent
 * fall back; mode {@code gateway} never asks the app.
 */
class DrainVerificationIntegrationTest {
    /** Long enough that a failure which waited for it is plain to see. */
    private static final Duration DRAIN_DEADLINE = Duration.ofSeconds(30);

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

    private static ReleaseSpec.Builder spec(DrainMode mode) {
        return ReleaseSpec.builder(APP, "v2", ReleaseFixture.jar("v2"))
                .drain(new DrainSpec(DRAIN_DEADLINE, DrainPolicy.FAIL, mode))
                .health(new HealthSpec("/ready", Duration.ofSeconds(20), Duration.ofMillis(50)))
                .warmUp(new WarmUpSpec(List.of(100), Duration.ZERO, 0.01))
                .stopTimeout(Duration.ofSeconds(10));
    }

    @Test
    void anAppRefusingTheAppTokenFailsTheReleaseAtOnceNamingTheAppTokenAndNothingNewStarts() {
        Release release = cluster.store.createRelease(spec(DrainMode.AUTO).build(), "v1");
        ReleaseFence fence = cluster.store.claimRelease(release.id(), "controller-1", 1);

        long started = System.nanoTime();
        ReleaseState end = cluster.runner(cluster.store, fence, cluster.plan(1, 0))
                .appToken("not-the-token-the-instances-got")
                .build()
                .run();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(end).isIn(ReleaseState.ROLLED_BACK, ReleaseState.FAILED);
        assertThat(took).as("a refused token must not cost the drain deadline").isLessThan(DRAIN_DEADLINE);
        String first = cluster.instances.get(0).id();
        assertThat(cluster.store.steps(release.id()))
                .filteredOn(
                        s -> s.status() == StepStatus.FAILED && s.instanceId().equals(first))
                .extracting(StepRecord::detail)
                .anySatisfy(detail -> assertThat(detail)
                        .startsWith("appToken: app at 127.0.0.1:")
                        .contains("refused the app token")
                        .contains("NONSTOP_APP_TOKEN"));
        assertThat(cluster.store.steps(release.id()))
                .as("nothing of the new version started")
                .noneMatch(s -> s.step() == InstanceStep.STARTED && s.status() == StepStatus.DONE);
        for (InstanceStatus s : cluster.agent.instances()) {
            assertThat(s.version()).as(s.instanceId()).isEqualTo("v1");
            assertThat(s.state().isLive()).as(s.instanceId()).isTrue();
        }
        for (InstanceRef ref : cluster.instances) {
            assertThat(cluster.gateway.tables().current().member(ref.id()))
                    .as("%s serves again", ref.id())
                    .hasValueSatisfying(m -> assertThat(m.state()).isEqualTo(MemberState.ACTIVE));
        }
    }

    @Test
    void drainModeGatewayVerifiesThroughTheGatewaysOnlyAndSaysSo() {
        Release release = cluster.store.createRelease(spec(DrainMode.GATEWAY).build(), "v1");
        ReleaseFence fence = cluster.store.claimRelease(release.id(), "controller-1", 1);

        ReleaseState end = cluster.runner(cluster.store, fence, cluster.plan(3, 0))
                .appToken("not-the-token-the-instances-got")
                .build()
                .run();

        assertThat(end)
                .as("mode gateway never asks the app, so its token does not matter")
                .isEqualTo(ReleaseState.SUCCEEDED);
        assertThat(cluster.store.steps(release.id()))
                .filteredOn(s -> s.step() == InstanceStep.DRAINING && s.status() == StepStatus.DONE)
                .hasSize(3)
                .allSatisfy(s -> assertThat(s.detail())
                        .contains("drain mode gateway: verifying the drain through the gateways only"));
        for (InstanceRef ref : cluster.instances) {
            assertThat(cluster.versionOf(ref)).as(ref.id()).isEqualTo("v2");
        }
    }
}
