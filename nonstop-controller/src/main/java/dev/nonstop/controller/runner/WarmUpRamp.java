package dev.nonstop.controller.runner;

import dev.nonstop.controller.release.spec.WarmUpSpec;
import dev.nonstop.controller.runner.InstanceActions.Target;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.MemberState;
import dev.nonstop.gateway.contract.client.MemberCounters;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * WARMING: a member's weight raised through the spec's steps on every gateway, each step held for the step interval
 * while the member's failures, counted on every gateway from before it took traffic, stay within the threshold.
 */
final class WarmUpRamp {
    /** The weight of a member at full weight; the others' weight in a table the runner manages. */
    static final int FULL_WEIGHT = 100;

    private final String app;
    private final WarmUpSpec warmUp;
    private final GatewayTables tables;
    private final Waiter waiter;

    WarmUpRamp(String app, WarmUpSpec warmUp, GatewayTables tables, Waiter waiter) {
        this.app = app;
        this.warmUp = warmUp;
        this.tables = tables;
        this.waiter = waiter;
    }

    /**
     * The member ACTIVE at the first weight step (added to the tables first when absent), then through the steps.
     *
     * @throws StepFailedException when the failures pass the threshold
     */
    String warm(Target t) {
        List<Integer> steps = warmUp.weightSteps();
        int first = weightOf(steps.get(0));
        if (steps.size() == 1) {
            // no ramp: full weight at once, nothing to hold or to watch here
            return "no ramp, " + route(t, first);
        }
        // before the member takes traffic: a member new to a gateway has no counters there yet
        List<MemberCounters> baseline = tables.counters(t.memberId(), true);
        route(t, first);
        AtomicReference<String> why = new AtomicReference<>();
        for (int i = 0; i < steps.size(); i++) {
            int weight = weightOf(steps.get(i));
            if (i > 0) {
                tables.setWeight(t.memberId(), weight);
            }
            if (i < steps.size() - 1 && !waiter.hold(warmUp.stepInterval(), () -> tooManyErrors(t, baseline, why))) {
                throw new StepFailedException("warm-up stopped at weight " + weight + ": " + why.get());
            }
        }
        if (tooManyErrors(t, baseline, why)) {
            throw new StepFailedException("warm-up failed: " + why.get());
        }
        return "weights " + steps + "% of " + FULL_WEIGHT + ", failures within " + warmUp.errorRateThreshold();
    }

    /**
     * The member ACTIVE at {@code weight} on every gateway (added when absent).
     *
     * @return the detail recorded with the step
     */
    String route(Target t, int weight) {
        List<Long> versions =
                tables.route(app, new Member(t.memberId(), t.host(), t.port(), weight, MemberState.ACTIVE));
        return "member " + t.memberId() + " ACTIVE weight " + weight + ", table versions " + versions;
    }

    private static int weightOf(int percent) {
        return Math.max(1, FULL_WEIGHT * percent / 100);
    }

    private boolean tooManyErrors(Target t, List<MemberCounters> baseline, AtomicReference<String> why) {
        List<MemberCounters> now = tables.counters(t.memberId(), false);
        long requests = 0;
        long failures = 0;
        for (int i = 0; i < now.size(); i++) {
            requests += now.get(i).requests() - baseline.get(i).requests();
            failures += now.get(i).failures() - baseline.get(i).failures();
        }
        if (failures > 0 && failures > warmUp.errorRateThreshold() * Math.max(1, requests)) {
            why.set(failures + " failures in " + requests + " requests (threshold " + warmUp.errorRateThreshold()
                    + ")");
            return true;
        }
        return false;
    }
}
