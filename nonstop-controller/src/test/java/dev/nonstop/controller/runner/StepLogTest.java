package dev.nonstop.controller.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.controller.release.state.InstanceMachine;
import dev.nonstop.controller.release.state.InstancePath;
import dev.nonstop.controller.release.state.InstanceStep;
import dev.nonstop.controller.store.StepRecord;
import dev.nonstop.controller.store.StepStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every step recorded around its action, on an in-memory store: STARTED before, DONE with the action's detail after
 * (the machine moves), FAILED when the action fails or a command cuts it short (the machine is FAILED), nothing
 * after STARTED when the controller stops.
 */
class StepLogTest {
    private ClaimedRelease claimed;
    private StepLog steps;
    private InstanceWork work;
    private final AtomicInteger siblingsTold = new AtomicInteger();

    @TempDir
    Path dir;

    @BeforeEach
    void openStore() throws Exception {
        claimed = new ClaimedRelease(dir, s -> {});
        steps = new StepLog(claimed.store, claimed.fence, Clock.systemUTC());
        work = new InstanceWork(
                InstanceMachine.start(claimed.release.id(), "shop-1", InstancePath.UPGRADE, Clock.systemUTC()),
                new InstanceActions.Target("shop-1", "127.0.0.1", 8081, "shop-1"));
    }

    @AfterEach
    void closeStore() {
        claimed.close();
    }

    private StepRecord last() {
        return claimed.store.lastStep(claimed.release.id(), "shop-1").orElseThrow();
    }

    @Test
    void aStepThatSucceedsIsRecordedDoneWithItsDetailAndMovesTheMachine() {
        steps.run(work, InstanceStep.DRAINING, () -> "member shop-1 DRAINING", siblingsTold::incrementAndGet);

        assertThat(last().status()).isEqualTo(StepStatus.DONE);
        assertThat(last().step()).isEqualTo(InstanceStep.DRAINING);
        assertThat(last().detail()).isEqualTo("member shop-1 DRAINING");
        assertThat(work.machine.step()).isEqualTo(InstanceStep.DRAINING);
        assertThat(siblingsTold).hasValue(0);
    }

    @Test
    void aStepThatFailsIsRecordedFailedTellsTheSiblingsAndFailsTheInstance() {
        assertThatThrownBy(() -> steps.run(
                        work,
                        InstanceStep.DRAINING,
                        () -> {
                            throw new IllegalStateException("gateway unreachable");
                        },
                        siblingsTold::incrementAndGet))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("gateway unreachable");

        assertThat(last().status()).isEqualTo(StepStatus.FAILED);
        assertThat(last().detail()).contains("gateway unreachable");
        assertThat(work.machine.step()).isEqualTo(InstanceStep.FAILED);
        assertThat(work.touched()).isTrue();
        assertThat(siblingsTold).hasValue(1);
    }

    @Test
    void aStepCutShortByACommandIsRecordedFailedWithoutBlamingTheInstance() {
        assertThatThrownBy(() -> steps.run(
                        work,
                        InstanceStep.DRAINING,
                        () -> {
                            throw new ReleaseControl.Aborted();
                        },
                        siblingsTold::incrementAndGet))
                .isInstanceOf(ReleaseControl.Aborted.class);

        assertThat(last().status()).isEqualTo(StepStatus.FAILED);
        assertThat(last().detail()).startsWith("stopped after ").endsWith("by the operator's ABORT");
        assertThat(siblingsTold).hasValue(0);
    }

    @Test
    void aStepStoppedFromOutsideStaysStartedForTheNextOwner() {
        assertThatThrownBy(() -> steps.run(work, InstanceStep.DRAINING, () -> {
                    throw new CancellationException("controller stopping");
                }))
                .isInstanceOf(CancellationException.class);

        assertThat(last().status()).isEqualTo(StepStatus.STARTED);
        assertThat(work.machine.step()).isEqualTo(InstanceStep.RUNNING_OLD);
    }

    @Test
    void aStepWithoutAnActionIsRecordedStartedAndDone() {
        steps.run(work, InstanceStep.DRAINING, () -> "marked");
        steps.pass(work.machine, InstanceStep.ROLLING_BACK, "from DRAINING");

        assertThat(last().step()).isEqualTo(InstanceStep.ROLLING_BACK);
        assertThat(last().status()).isEqualTo(StepStatus.DONE);
        assertThat(last().detail()).isEqualTo("from DRAINING");
        assertThat(work.machine.step()).isEqualTo(InstanceStep.ROLLING_BACK);
    }
}
