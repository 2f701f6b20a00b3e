package dev.nonstop.controller.runner;

/** Told of a gray release's traffic steps and gates, on the runner's thread. */
@FunctionalInterface
public interface TrafficListener {

    /** What happened to the traffic of a gray release. */
    enum Kind {
        /** A traffic step began: green now gets {@code percent}% of the users (besides the entry rules). */
        STEP_STARTED,
        /** The step's gate passed. */
        GATE_PASSED,
        /** The step's gate failed: the release rolls back. */
        GATE_FAILED,
        /** The step passed its gate and waits for {@code nonstop release approve}. */
        AWAITING_APPROVAL,
        /** An operator approved the step. */
        APPROVED,
        /** Blue-green: all new users go to green; users pinned to blue stay there for the rollback window. */
        SWITCHED,
        /** Blue-green: how many users are still on blue during the rollback window. */
        USERS,
        /** All traffic to green; blue is being retired. */
        PROMOTED,
        /** All traffic back to blue: the release rolls back. */
        BACK_TO_BLUE
    }

    /**
     * @param step the traffic step, 1-based; 0 for what is not one step (promotion, rollback)
     * @param percent green's share of users at that step
     * @param gate the gate's figures; null for a kind without them
     */
    void traffic(String releaseId, Kind kind, int step, int percent, String detail, GateResult gate);
}
