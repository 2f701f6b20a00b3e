package dev.nonstop.controller.release.spec;

import java.time.Duration;
import java.util.List;

/**
 * The slow start of a new instance: its gateway weight goes through {@code weightSteps} (percent of full weight,
 * increasing, ending at 100), one step per {@code stepInterval}, as long as its error rate stays at or below
 * {@code errorRateThreshold} (a fraction, 0.01 = 1%).
 */
public record WarmUpSpec(List<Integer> weightSteps, Duration stepInterval, double errorRateThreshold) {

    /** 10, 25, 50, 100 percent, 10 seconds apart, at most 1% errors. */
    public static final WarmUpSpec DEFAULT = new WarmUpSpec(List.of(10, 25, 50, 100), Duration.ofSeconds(10), 0.01);

    public WarmUpSpec {
        weightSteps = weightSteps == null ? null : List.copyOf(weightSteps);
    }
}
