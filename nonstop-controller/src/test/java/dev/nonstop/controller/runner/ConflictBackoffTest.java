package dev.nonstop.controller.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConflictBackoffTest {

    private final ConflictBackoff backoff = new ConflictBackoff(8, Duration.ofMillis(20), Duration.ofMillis(500));

    private static final double ALMOST_ONE = Math.nextDown(1.0);

    @Test
    void theBoundDoublesWithEachConflictUpToTheCap() {
        assertThat(backoff.delay(1, () -> ALMOST_ONE)).isBetween(Duration.ofMillis(19), Duration.ofMillis(20));
        assertThat(backoff.delay(2, () -> ALMOST_ONE)).isBetween(Duration.ofMillis(39), Duration.ofMillis(40));
        assertThat(backoff.delay(5, () -> ALMOST_ONE)).isBetween(Duration.ofMillis(319), Duration.ofMillis(320));
        assertThat(backoff.delay(6, () -> ALMOST_ONE)).isBetween(Duration.ofMillis(499), Duration.ofMillis(500));
        assertThat(backoff.delay(60, () -> ALMOST_ONE)).isBetween(Duration.ofMillis(499), Duration.ofMillis(500));
    }

    @Test
    void thePauseIsTheDrawnShareOfTheBound() {
        assertThat(backoff.delay(3, () -> 0.0)).isZero();
        assertThat(backoff.delay(3, () -> 0.25)).isEqualTo(Duration.ofMillis(20));
        assertThat(backoff.delay(3, () -> 0.5)).isEqualTo(Duration.ofMillis(40));
    }

    @Test
    void theTableEditDefaultsPauseAboutOneAndAHalfSecondsAtMostInAll() {
        ConflictBackoff d = ConflictBackoff.TABLE_EDITS;
        Duration total = Duration.ZERO;
        for (int conflicts = 1; conflicts < d.attempts(); conflicts++) {
            total = total.plus(d.delay(conflicts, () -> ALMOST_ONE));
        }
        assertThat(total).isBetween(Duration.ofMillis(1_500), Duration.ofMillis(1_700));
    }

    @Test
    void badSettingsAndDrawsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> new ConflictBackoff(0, Duration.ofMillis(1), Duration.ofMillis(1)))
                .hasMessage("attempts: 0 (expected: >= 1)");
        assertThatThrownBy(() -> new ConflictBackoff(3, Duration.ZERO, Duration.ofMillis(1)))
                .hasMessage("base: PT0S (expected: > 0)");
        assertThatThrownBy(() -> new ConflictBackoff(3, Duration.ofMillis(2), Duration.ofMillis(1)))
                .hasMessage("cap: PT0.001S (expected: >= base PT0.002S)");
        assertThatThrownBy(() -> backoff.delay(0, () -> 0.5)).hasMessage("conflicts: 0 (expected: >= 1)");
        assertThatThrownBy(() -> backoff.delay(1, () -> 1.0)).hasMessage("random: 1.0 (expected: in [0, 1))");
    }
}
