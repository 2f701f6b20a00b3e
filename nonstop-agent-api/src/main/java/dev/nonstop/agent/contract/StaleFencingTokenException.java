package dev.nonstop.agent.contract;

/**
 * A mutation refused because its fencing token is lower than the highest one seen for its release:
 * it comes from a controller that lost the release's lease. Nothing was changed.
 */
public final class StaleFencingTokenException extends AgentException {
    private final Fence fence;
    private final long highestSeen;

    public StaleFencingTokenException(Fence fence, long highestSeen) {
        super("stale fencing token " + fence.token() + " for release " + fence.releaseId() + " (highest seen: "
                + highestSeen + ")");
        this.fence = fence;
        this.highestSeen = highestSeen;
    }

    public Fence fence() {
        return fence;
    }

    public long highestSeen() {
        return highestSeen;
    }
}
