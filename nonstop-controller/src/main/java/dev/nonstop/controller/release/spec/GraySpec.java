package dev.nonstop.controller.release.spec;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a release moves traffic: the {@link ReleaseStrategy} and the options of the gray strategies. A rolling release
 * uses none of the other fields ({@link #ROLLING}).
 *
 * @param strategy rolling, canary or blue-green
 * @param steps canary: the percentages of users on green, increasing within 1..100, the last 100
 * @param stepDuration canary: how long each step is held before its gate; blue-green: how long the switch is held
 *     before its gate
 * @param gate the analysis judging each step
 * @param entryRules requests that go to green from the first step on (header, cookie, client network)
 * @param userKey what identifies a user for the percentage steps
 * @param approval whether an operator approves each passed gate
 * @param greenInstances how many green instances to start; empty: canary {@code max(1, surge)}, blue-green as many as
 *     blue has
 * @param rollbackWindow blue-green: how long blue stays warm after the switch (an instant way back), then it is retired
 * @param maxBlueTime blue-green: how long users pinned to blue may stay on blue after the switch, at most the rollback
 *     window; empty: the whole window
 * @param trustedForwardedHops how many proxies in front of the gateways append to {@code X-Forwarded-For}: the client
 *     address of network rules and the client-address key; 0: the TCP peer
 */
public record GraySpec(
        ReleaseStrategy strategy,
        List<Integer> steps,
        Duration stepDuration,
        GateSpec gate,
        List<EntryRule> entryRules,
        UserKey userKey,
        Approval approval,
        Optional<Integer> greenInstances,
        Duration rollbackWindow,
        Optional<Duration> maxBlueTime,
        int trustedForwardedHops) {

    /** 25, 50, 75 and 100 percent. */
    public static final List<Integer> DEFAULT_STEPS = List.of(25, 50, 75, 100);

    /** Each step held 2 minutes. */
    public static final Duration DEFAULT_STEP_DURATION = Duration.ofMinutes(2);

    /** Blue kept warm 10 minutes after a blue-green switch. */
    public static final Duration DEFAULT_ROLLBACK_WINDOW = Duration.ofMinutes(10);

    /** A rolling release: the defaults of every gray option, unused. */
    public static final GraySpec ROLLING = defaults(ReleaseStrategy.ROLLING);

    public GraySpec {
        steps = steps == null || steps.stream().anyMatch(java.util.Objects::isNull) ? steps : List.copyOf(steps);
        entryRules = entryRules == null || entryRules.stream().anyMatch(java.util.Objects::isNull)
                ? entryRules
                : List.copyOf(entryRules);
        greenInstances = greenInstances == null ? Optional.empty() : greenInstances;
        maxBlueTime = maxBlueTime == null ? Optional.empty() : maxBlueTime;
    }

    /** The defaults of {@code strategy}. */
    public static GraySpec defaults(ReleaseStrategy strategy) {
        return new GraySpec(
                strategy,
                DEFAULT_STEPS,
                DEFAULT_STEP_DURATION,
                GateSpec.DEFAULT,
                List.of(),
                UserKey.DEFAULT,
                Approval.NONE,
                Optional.empty(),
                DEFAULT_ROLLBACK_WINDOW,
                Optional.empty(),
                0);
    }

    /**
     * The traffic steps the release walks: canary its percentages; blue-green one step, 100% (the switch).
     */
    public List<Integer> trafficSteps() {
        return strategy == ReleaseStrategy.BLUE_GREEN ? List.of(100) : steps;
    }

    /** How many green instances to start when blue has {@code blueInstances} and the spec's surge is {@code surge}. */
    public int greenCount(int blueInstances, int surge) {
        return greenInstances.orElseGet(
                () -> strategy == ReleaseStrategy.BLUE_GREEN ? Math.max(1, blueInstances) : Math.max(1, surge));
    }

    /** How long users pinned to blue may stay there after a blue-green switch. */
    public Duration blueStay() {
        return maxBlueTime.orElse(rollbackWindow);
    }

    public GraySpec withStrategy(ReleaseStrategy value) {
        return new GraySpec(
                value,
                steps,
                stepDuration,
                gate,
                entryRules,
                userKey,
                approval,
                greenInstances,
                rollbackWindow,
                maxBlueTime,
                trustedForwardedHops);
    }
}
