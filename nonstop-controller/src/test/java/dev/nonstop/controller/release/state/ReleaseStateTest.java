package dev.nonstop.controller.release.state;

import static dev.nonstop.controller.release.state.ReleaseState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReleaseStateTest {

    private static final Map<ReleaseState, Set<ReleaseState>> TABLE = new EnumMap<>(ReleaseState.class);

    static {
        TABLE.put(PENDING, EnumSet.of(RUNNING, ABORTED));
        TABLE.put(RUNNING, EnumSet.of(PAUSED, ABORTING, ROLLING_BACK, SUCCEEDED, FAILED));
        TABLE.put(PAUSED, EnumSet.of(RUNNING, ABORTING, ROLLING_BACK));
        TABLE.put(ABORTING, EnumSet.of(ABORTED, ROLLING_BACK, FAILED));
        TABLE.put(ROLLING_BACK, EnumSet.of(ROLLED_BACK, FAILED));
        TABLE.put(FAILED, EnumSet.of(ROLLING_BACK));
        TABLE.put(ABORTED, EnumSet.of(ROLLING_BACK));
        TABLE.put(SUCCEEDED, EnumSet.noneOf(ReleaseState.class));
        TABLE.put(ROLLED_BACK, EnumSet.noneOf(ReleaseState.class));
    }

    /** (command, from) -> to, written out by hand. */
    private static final Map<ReleaseCommand, Map<ReleaseState, ReleaseState>> COMMANDS = Map.of(
            ReleaseCommand.PAUSE, Map.of(RUNNING, PAUSED),
            ReleaseCommand.RESUME, Map.of(PAUSED, RUNNING),
            ReleaseCommand.ABORT, Map.of(PENDING, ABORTED, RUNNING, ABORTING, PAUSED, ABORTING),
            ReleaseCommand.ROLLBACK,
                    Map.of(
                            RUNNING, ROLLING_BACK,
                            PAUSED, ROLLING_BACK,
                            ABORTING, ROLLING_BACK,
                            FAILED, ROLLING_BACK,
                            ABORTED, ROLLING_BACK));

    static Stream<Arguments> everyPair() {
        return Stream.of(values()).flatMap(from -> Stream.of(values()).map(to -> Arguments.of(from, to)));
    }

    static Stream<Arguments> everyCommandFromEveryState() {
        return Stream.of(ReleaseCommand.values())
                .flatMap(command -> Stream.of(values()).map(state -> Arguments.of(command, state)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void everyLegalPairIsAllowedAndEveryOtherPairThrows(ReleaseState from, ReleaseState to) {
        boolean legal = TABLE.get(from).contains(to);
        assertThat(from.canTransitionTo(to)).isEqualTo(legal);
        if (legal) {
            from.checkTransitionTo(to);
        } else {
            assertThatThrownBy(() -> from.checkTransitionTo(to))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessage("illegal transition: " + from + " -> " + to);
        }
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("everyCommandFromEveryState")
    void commandsAreLegalOnlyFromTheirStates(ReleaseCommand command, ReleaseState state) {
        ReleaseState expected = COMMANDS.get(command).get(state);
        assertThat(command.isLegalFrom(state)).isEqualTo(expected != null);
        if (expected != null) {
            assertThat(command.targetFrom(state)).isEqualTo(expected);
            assertThat(state.canTransitionTo(expected))
                    .as("a command's move is legal in the release table")
                    .isTrue();
        } else {
            assertThatThrownBy(() -> command.targetFrom(state))
                    .isInstanceOfSatisfying(IllegalCommandException.class, e -> {
                        assertThat(e.command()).isEqualTo(command);
                        assertThat(e.state()).isEqualTo(state);
                    })
                    .hasMessageStartingWith("cannot " + command + " a " + state + " release");
        }
    }

    @Test
    void settledStatesNeedNoOwner() {
        assertThat(EnumSet.allOf(ReleaseState.class).stream().filter(ReleaseState::isSettled))
                .containsExactlyInAnyOrder(SUCCEEDED, FAILED, ABORTED, ROLLED_BACK);
        assertThat(EnumSet.allOf(ReleaseState.class).stream().filter(ReleaseState::needsOwner))
                .containsExactlyInAnyOrder(PENDING, RUNNING, PAUSED, ABORTING, ROLLING_BACK);
    }

    @Test
    void onlySucceededAndRolledBackAreFinal() {
        assertThat(EnumSet.allOf(ReleaseState.class).stream()
                        .filter(s -> s.successors().isEmpty()))
                .containsExactlyInAnyOrder(SUCCEEDED, ROLLED_BACK);
    }
}
