package dev.nonstop.controller.release.state;

import static dev.nonstop.controller.release.state.InstanceStep.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class InstancePathTest {

    /** The tables written out by hand, independently of the rules that build them. */
    private static final Map<InstancePath, Map<InstanceStep, Set<InstanceStep>>> EXPECTED =
            new EnumMap<>(InstancePath.class);

    static {
        Map<InstanceStep, Set<InstanceStep>> upgrade = new EnumMap<>(InstanceStep.class);
        upgrade.put(RUNNING_OLD, EnumSet.of(DRAINING));
        upgrade.put(DRAINING, EnumSet.of(DRAINED, FAILED, ROLLING_BACK));
        upgrade.put(DRAINED, EnumSet.of(STOPPED, FAILED, ROLLING_BACK));
        upgrade.put(STOPPED, EnumSet.of(DEPLOYED, FAILED, ROLLING_BACK));
        upgrade.put(DEPLOYED, EnumSet.of(STARTED, FAILED, ROLLING_BACK));
        upgrade.put(STARTED, EnumSet.of(HEALTHY, FAILED, ROLLING_BACK));
        upgrade.put(HEALTHY, EnumSet.of(VERIFIED, FAILED, ROLLING_BACK));
        upgrade.put(VERIFIED, EnumSet.of(WARMING, FAILED, ROLLING_BACK));
        upgrade.put(WARMING, EnumSet.of(RUNNING_NEW, FAILED, ROLLING_BACK));
        upgrade.put(RUNNING_NEW, EnumSet.of(ROLLING_BACK));
        upgrade.put(FAILED, EnumSet.of(ROLLING_BACK));
        upgrade.put(ROLLING_BACK, EnumSet.of(ROLLED_BACK, FAILED));
        upgrade.put(ROLLED_BACK, EnumSet.noneOf(InstanceStep.class));
        EXPECTED.put(InstancePath.UPGRADE, upgrade);

        Map<InstanceStep, Set<InstanceStep>> surge = new EnumMap<>(InstanceStep.class);
        surge.put(NEW, EnumSet.of(DEPLOYED));
        surge.put(DEPLOYED, EnumSet.of(STARTED, FAILED, ROLLING_BACK));
        surge.put(STARTED, EnumSet.of(HEALTHY, FAILED, ROLLING_BACK));
        surge.put(HEALTHY, EnumSet.of(VERIFIED, FAILED, ROLLING_BACK));
        surge.put(VERIFIED, EnumSet.of(WARMING, FAILED, ROLLING_BACK));
        surge.put(WARMING, EnumSet.of(RUNNING_NEW, FAILED, ROLLING_BACK));
        surge.put(RUNNING_NEW, EnumSet.of(ROLLING_BACK));
        surge.put(FAILED, EnumSet.of(ROLLING_BACK));
        surge.put(ROLLING_BACK, EnumSet.of(ROLLED_BACK, FAILED));
        surge.put(ROLLED_BACK, EnumSet.noneOf(InstanceStep.class));
        EXPECTED.put(InstancePath.SURGE, surge);

        Map<InstanceStep, Set<InstanceStep>> green = new EnumMap<>(InstanceStep.class);
        green.put(NEW, EnumSet.of(DEPLOYED));
        green.put(DEPLOYED, EnumSet.of(STARTED, FAILED, ROLLING_BACK));
        green.put(STARTED, EnumSet.of(HEALTHY, FAILED, ROLLING_BACK));
        green.put(HEALTHY, EnumSet.of(VERIFIED, FAILED, ROLLING_BACK));
        green.put(VERIFIED, EnumSet.of(ROLLING_BACK));
        green.put(FAILED, EnumSet.of(ROLLING_BACK));
        green.put(ROLLING_BACK, EnumSet.of(ROLLED_BACK, FAILED));
        green.put(ROLLED_BACK, EnumSet.noneOf(InstanceStep.class));
        EXPECTED.put(InstancePath.GREEN, green);

        Map<InstanceStep, Set<InstanceStep>> retire = new EnumMap<>(InstanceStep.class);
        retire.put(RUNNING_OLD, EnumSet.of(DRAINING));
        retire.put(DRAINING, EnumSet.of(DRAINED, FAILED, ROLLING_BACK));
        retire.put(DRAINED, EnumSet.of(STOPPED, FAILED, ROLLING_BACK));
        retire.put(STOPPED, EnumSet.of(RETIRED, FAILED, ROLLING_BACK));
        retire.put(RETIRED, EnumSet.of(ROLLING_BACK));
        retire.put(FAILED, EnumSet.of(ROLLING_BACK));
        retire.put(ROLLING_BACK, EnumSet.of(ROLLED_BACK, FAILED));
        retire.put(ROLLED_BACK, EnumSet.noneOf(InstanceStep.class));
        EXPECTED.put(InstancePath.RETIRE, retire);
    }

    static Stream<Arguments> everyPair() {
        return Stream.of(InstancePath.values()).flatMap(path -> Stream.of(InstanceStep.values())
                .flatMap(from -> Stream.of(InstanceStep.values()).map(to -> Arguments.of(path, from, to))));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @MethodSource("everyPair")
    void everyLegalPairIsAllowedAndEveryOtherPairThrows(InstancePath path, InstanceStep from, InstanceStep to) {
        boolean legal = EXPECTED.get(path).getOrDefault(from, Set.of()).contains(to);
        assertThat(path.allows(from, to)).isEqualTo(legal);
        if (legal) {
            path.check(from, to);
        } else {
            assertThatThrownBy(() -> path.check(from, to))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining(from + " -> " + to)
                    .satisfies(e -> {
                        IllegalTransitionException ite = (IllegalTransitionException) e;
                        assertThat(ite.from()).isEqualTo(from);
                        assertThat(ite.to()).isEqualTo(to);
                    });
        }
    }

    @ParameterizedTest
    @EnumSource(InstancePath.class)
    void stepsOfEachPathAreExactlyTheTablesRows(InstancePath path) {
        assertThat(path.steps())
                .containsExactlyInAnyOrderElementsOf(EXPECTED.get(path).keySet());
    }

    @ParameterizedTest
    @EnumSource(InstancePath.class)
    void forwardWalksFromInitialToTarget(InstancePath path) {
        InstanceStep step = path.initial();
        int moves = 0;
        while (path.forward(step).isPresent()) {
            InstanceStep next = path.forward(step).orElseThrow();
            assertThat(path.allows(step, next)).isTrue();
            step = next;
            moves++;
        }
        assertThat(step).isEqualTo(path.target());
        assertThat(moves).isEqualTo(path.forwardSteps().size() - 1);
    }

    @ParameterizedTest
    @EnumSource(InstancePath.class)
    void onlyRolledBackIsFinal(InstancePath path) {
        assertThat(path.steps().stream().filter(path::isFinal)).containsExactly(ROLLED_BACK);
    }

    @org.junit.jupiter.api.Test
    void pathsMatchTheArchitecture() {
        assertThat(InstancePath.UPGRADE.forwardSteps())
                .containsExactly(
                        RUNNING_OLD,
                        DRAINING,
                        DRAINED,
                        STOPPED,
                        DEPLOYED,
                        STARTED,
                        HEALTHY,
                        VERIFIED,
                        WARMING,
                        RUNNING_NEW);
        assertThat(InstancePath.SURGE.forwardSteps())
                .containsExactly(NEW, DEPLOYED, STARTED, HEALTHY, VERIFIED, WARMING, RUNNING_NEW);
        assertThat(InstancePath.RETIRE.forwardSteps())
                .containsExactly(RUNNING_OLD, DRAINING, DRAINED, STOPPED, RETIRED);
    }
}
