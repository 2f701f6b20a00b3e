package dev.nonstop.controller.release.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The slow start of a new instance: its gateway weight goes through {@code weightSteps} (percent of full weight,
 * increasing, ending at 100), one step per {@code stepInterval}, as long as its error rate stays at or below
 * {@code errorRateThreshold} (a fraction, 0.01 = 1%).
 *
 * <p>The rules of a ramp live here once: {@link #stepProblems} for the steps (the spec's validation and the CLI's
 * {@code --warm-up-steps} both use it), {@link #DEFAULT} for what an unset field takes, {@link #weights} for the
 * gateway weight of each step.
 */
public record WarmUpSpec(List<Integer> weightSteps, Duration stepInterval, double errorRateThreshold) {

    /** 10, 25, 50, 100 percent, 10 seconds apart, at most 1% errors. */
    public static final WarmUpSpec DEFAULT = new WarmUpSpec(List.of(10, 25, 50, 100), Duration.ofSeconds(10), 0.01);

    /** What {@code weightSteps} looks like, for {@code (expected: ...)} messages. */
    public static final String STEPS_FORMAT = "a list of percentages, increasing, the last 100";

    public WarmUpSpec {
        weightSteps = weightSteps == null ? null : List.copyOf(weightSteps);
    }

    /**
     * One broken rule of a ramp.
     *
     * @param index the step at fault, or the last index when the rule is about the list as a whole
     * @param percent that step's value (0 for an empty list)
     * @param expected what was expected, e.g. {@code > 50 (steps increase)}
     * @param ofTheList whether the rule is about the whole list (its end), not the one step
     */
    public record StepProblem(int index, int percent, String expected, boolean ofTheList) {}

    /**
     * Every rule {@code steps} breaks, in order: at least one step; each 1 to 100 percent and above the one before;
     * the last 100.
     */
    public static List<StepProblem> stepProblems(List<Integer> steps) {
        if (steps == null || steps.isEmpty()) {
            return List.of(new StepProblem(-1, 0, "at least one step, the last 100", true));
        }
        List<StepProblem> problems = new ArrayList<>();
        int previous = 0;
        for (int i = 0; i < steps.size(); i++) {
            int step = steps.get(i);
            if (step < 1 || step > 100) {
                problems.add(new StepProblem(i, step, "1 to 100 percent", false));
            } else if (step <= previous) {
                problems.add(new StepProblem(i, step, "> " + previous + " (steps increase)", false));
            }
            previous = Math.max(previous, step);
        }
        int last = steps.get(steps.size() - 1);
        if (last != 100) {
            problems.add(new StepProblem(steps.size() - 1, last, "the last step 100", true));
        }
        return problems;
    }

    /** The gateway weight of each step, out of {@code fullWeight}; never below 1, so a warming member gets traffic. */
    public List<Integer> weights(int fullWeight) {
        return weightSteps.stream()
                .map(percent -> Math.max(1, fullWeight * percent / 100))
                .toList();
    }
}
