package dev.nonstop.controller.release.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class InstanceMachineTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void anUpgradeWalksTheArchitecturePathAndEmitsOneEventPerMove() {
        InstanceMachine machine = InstanceMachine.start("r1", "shop-1", InstancePath.UPGRADE, clock);
        List<InstanceTransition> events = new CopyOnWriteArrayList<>();
        machine.addListener(events::add);

        while (!machine.step().equals(InstancePath.UPGRADE.target())) {
            machine.advance("ok");
        }

        assertThat(events).hasSize(9);
        assertThat(events.get(0))
                .isEqualTo(new InstanceTransition(
                        "r1", "shop-1", InstanceStep.RUNNING_OLD, InstanceStep.DRAINING, NOW, "ok"));
        assertThat(events).extracting(InstanceTransition::to).last().isEqualTo(InstanceStep.RUNNING_NEW);
        assertThat(machine.isFinished()).isFalse(); // a finished instance can still be rolled back
    }

    @Test
    void anIllegalTransitionThrowsAndChangesNothing() {
        InstanceMachine machine = InstanceMachine.start("r1", "shop-1", InstancePath.UPGRADE, clock);
        List<InstanceTransition> events = new CopyOnWriteArrayList<>();
        machine.addListener(events::add);

        assertThatThrownBy(() -> machine.transitionTo(InstanceStep.STOPPED, "skip the drain"))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("RUNNING_OLD -> STOPPED");

        assertThat(machine.step()).isEqualTo(InstanceStep.RUNNING_OLD);
        assertThat(events).isEmpty();
    }

    @Test
    void aFailedStepRollsBackToTheEnd() {
        InstanceMachine machine =
                InstanceMachine.resume("r1", "shop-1", InstancePath.UPGRADE, InstanceStep.STARTED, clock);
        machine.transitionTo(InstanceStep.FAILED, "readiness timed out");
        machine.transitionTo(InstanceStep.ROLLING_BACK, "");
        machine.transitionTo(InstanceStep.ROLLED_BACK, "v1 serving again");

        assertThat(machine.isFinished()).isTrue();
        assertThatThrownBy(() -> machine.advance("")).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void aSurgeInstanceStartsNewAndCannotBeDrained() {
        InstanceMachine machine = InstanceMachine.start("r1", "shop-s1", InstancePath.SURGE, clock);
        assertThat(machine.step()).isEqualTo(InstanceStep.NEW);
        assertThatThrownBy(() -> machine.transitionTo(InstanceStep.DRAINING, ""))
                .isInstanceOf(IllegalTransitionException.class);
        assertThat(machine.advance("").to()).isEqualTo(InstanceStep.DEPLOYED);
    }

    @Test
    void aRetiredInstanceEndsRetiredNotUpgraded() {
        InstanceMachine machine =
                InstanceMachine.resume("r1", "shop-3", InstancePath.RETIRE, InstanceStep.STOPPED, clock);
        assertThatThrownBy(() -> machine.transitionTo(InstanceStep.DEPLOYED, ""))
                .isInstanceOf(IllegalTransitionException.class);
        assertThat(machine.advance("").to()).isEqualTo(InstanceStep.RETIRED);
    }

    @Test
    void resumingAtAStepOffThePathIsRefused() {
        assertThatThrownBy(() -> InstanceMachine.resume("r1", "x", InstancePath.SURGE, InstanceStep.DRAINING, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("step: DRAINING (expected: one of");
    }

    @Test
    void aThrowingListenerDoesNotStopTheOthersNorUndoTheMove() {
        InstanceMachine machine = InstanceMachine.start("r1", "shop-1", InstancePath.UPGRADE, clock);
        List<InstanceTransition> events = new CopyOnWriteArrayList<>();
        machine.addListener(t -> {
            throw new IllegalStateException("broken listener");
        });
        machine.addListener(events::add);

        machine.advance("");

        assertThat(machine.step()).isEqualTo(InstanceStep.DRAINING);
        assertThat(events).hasSize(1);
    }
}
