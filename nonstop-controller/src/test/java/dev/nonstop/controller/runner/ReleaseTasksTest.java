package dev.nonstop.controller.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.controller.release.plan.InstanceRef;
import dev.nonstop.controller.release.plan.RollingPlan;
import dev.nonstop.controller.release.state.InstancePath;
import dev.nonstop.controller.release.state.InstanceStep;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.NewInstance;
import dev.nonstop.controller.store.RecordedInstanceState;
import dev.nonstop.controller.store.Release;
import dev.nonstop.controller.store.ReleaseFence;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan as the task graph a release walks, and each instance resumed where the step log left it, on an in-memory
 * store: surge first, batch after batch, the k-th retired instance after the last batch and the k-th surge instance.
 */
class ReleaseTasksTest {
    private ClaimedRelease claimed;
    private ControllerStore store;
    private Release release;
    private ReleaseFence fence;
    private final List<InstanceRef> refs = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeEach
    void openStore() throws Exception {
        claimed = new ClaimedRelease(dir, s -> {
            for (int i = 1; i <= 4; i++) {
                String id = "shop-" + i;
                s.createInstance(new NewInstance(
                        id, "shop", "host-" + i, 8080 + i, "v1", RecordedInstanceState.RUNNING, Optional.of("m-" + i)));
                refs.add(new InstanceRef(id, "host-" + i, 8080 + i));
            }
        });
        store = claimed.store;
        release = claimed.release;
        fence = claimed.fence;
    }

    @AfterEach
    void closeStore() {
        claimed.close();
    }

    private List<ParallelWalk.Task<InstanceWork>> tasks(RollingPlan plan) {
        return ReleaseTasks.of(
                plan, release, store, new ResumedMachines(store, release.id(), Clock.systemUTC(), List.of()));
    }

    @Test
    void surgeComesFirstThenEachBatchThenEachRetiredInstanceAfterItsReplacement() {
        List<ParallelWalk.Task<InstanceWork>> tasks = tasks(RollingPlan.of(refs, 1, 2));

        assertThat(tasks)
                .extracting(t -> t.item().machine.instanceId())
                .containsExactly(
                        ReleaseRunner.surgeInstanceId("shop", release.id(), 1),
                        ReleaseRunner.surgeInstanceId("shop", release.id(), 2),
                        "shop-1",
                        "shop-2",
                        "shop-3",
                        "shop-4");
        assertThat(tasks)
                .extracting(t -> t.item().machine.path())
                .containsExactly(
                        InstancePath.SURGE,
                        InstancePath.SURGE,
                        InstancePath.UPGRADE,
                        InstancePath.UPGRADE,
                        InstancePath.RETIRE,
                        InstancePath.RETIRE);
        assertThat(tasks)
                .extracting(ParallelWalk.Task::after)
                .containsExactly(List.of(), List.of(), List.of(0, 1), List.of(2), List.of(3, 0), List.of(3, 1));
    }

    @Test
    void aSurgeInstanceNotRegisteredYetIsReachedOnlyAfterItsDeployRegistersIt() {
        InstanceWork surge = tasks(RollingPlan.of(refs, 1, 1)).get(0).item();

        assertThat(surge.target.port()).isZero();
        assertThat(surge.target.host()).isEqualTo("host-1");
        assertThat(surge.touched()).isFalse();
    }

    @Test
    void instancesAreReachedThroughTheirRecordedGatewayMember() {
        InstanceWork first = tasks(RollingPlan.of(refs, 4, 0)).get(0).item();

        assertThat(first.target).isEqualTo(new InstanceActions.Target("shop-1", "host-1", 8081, "m-1"));
    }

    @Test
    void theNewVersionIsStagedOnTheHostsOfUpgradedAndSurgeInstancesOnly() {
        List<InstanceWork> work = tasks(RollingPlan.of(refs, 1, 1)).stream()
                .map(ParallelWalk.Task::item)
                .toList();

        // shop-4 is retired: its host runs no new version
        assertThat(ReleaseTasks.stagingHosts(work)).containsExactly("host-1", "host-2", "host-3");
    }

    @Test
    void anUnregisteredInstanceOfThePlanIsRefusedByName() {
        List<InstanceRef> withStranger = new ArrayList<>(refs);
        withStranger.add(new InstanceRef("stranger", "host-9", 9999));

        assertThatThrownBy(() -> tasks(RollingPlan.of(withStranger, 5, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("instance stranger of the plan is not registered");
    }

    @Test
    void eachInstanceResumesWhereTheStepLogLeftIt() {
        store.recordStepStarted(fence, "shop-1", InstanceStep.DRAINING, "");
        store.recordStepDone(fence, "shop-1", InstanceStep.DRAINING, "marked");
        store.recordStepStarted(fence, "shop-2", InstanceStep.DRAINING, "");
        store.recordStepDone(fence, "shop-2", InstanceStep.DRAINING, "marked");
        store.recordStepStarted(fence, "shop-2", InstanceStep.DRAINED, "");
        store.recordStepStarted(fence, "shop-3", InstanceStep.DRAINING, "");
        store.recordStepFailed(fence, "shop-3", InstanceStep.DRAINING, "gateway refused");

        List<ParallelWalk.Task<InstanceWork>> tasks = tasks(RollingPlan.of(refs, 4, 0));

        assertThat(tasks)
                .extracting(t -> t.item().machine.step())
                .containsExactly(
                        InstanceStep.DRAINING, // DONE: at that step
                        InstanceStep.DRAINING, // DRAINED STARTED: the step before, so DRAINED runs again
                        InstanceStep.FAILED, // FAILED: the release rolls back
                        InstanceStep.RUNNING_OLD); // nothing recorded: at the start
        assertThat(tasks).extracting(t -> t.item().touched()).containsExactly(true, true, true, false);
    }

    @Test
    void aRollbackInProgressRunsAgain() {
        assertThat(ResumedMachines.before(InstancePath.UPGRADE, InstanceStep.ROLLED_BACK))
                .isEqualTo(InstanceStep.ROLLING_BACK);
        assertThat(ResumedMachines.before(InstancePath.SURGE, InstanceStep.DEPLOYED))
                .isEqualTo(InstanceStep.NEW);
    }
}
