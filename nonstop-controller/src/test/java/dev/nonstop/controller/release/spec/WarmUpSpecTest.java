package dev.nonstop.controller.release.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarmUpSpecTest {

    @Test
    void anIncreasingRampEndingAt100BreaksNoRule() {
        assertThat(WarmUpSpec.stepProblems(List.of(10, 25, 50, 100))).isEmpty();
        assertThat(WarmUpSpec.stepProblems(List.of(100))).isEmpty();
    }

    @Test
    void everyBrokenRuleIsNamedInOrder() {
        assertThat(WarmUpSpec.stepProblems(List.of(0, 50, 50)))
                .containsExactly(
                        new WarmUpSpec.StepProblem(0, 0, "1 to 100 percent", false),
                        new WarmUpSpec.StepProblem(2, 50, "> 50 (steps increase)", false),
                        new WarmUpSpec.StepProblem(2, 50, "the last step 100", true));
        assertThat(WarmUpSpec.stepProblems(List.of()))
                .extracting(WarmUpSpec.StepProblem::expected)
                .containsExactly("at least one step, the last 100");
    }

    @Test
    void eachStepsWeightIsItsShareOfTheFullWeightAndNeverZero() {
        WarmUpSpec ramp = new WarmUpSpec(List.of(1, 25, 100), Duration.ofSeconds(1), 0.01);
        assertThat(ramp.weights(100)).containsExactly(1, 25, 100);
        assertThat(ramp.weights(10)).containsExactly(1, 2, 10);
    }
}
