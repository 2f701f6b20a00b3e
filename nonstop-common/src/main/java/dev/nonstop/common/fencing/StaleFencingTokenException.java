package dev.nonstop.common.fencing;

/**
 * A mutation refused because its fencing token is lower than the highest one seen for its release: it comes from a
 * holder that lost the release's lease. Nothing was changed. Receivers answer it with 409; clients turn that answer
 * back into this exception.
 */
public final class StaleFencingTokenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Fence fence;
    private final long highestSeen;

    public StaleFencingTokenException(Fence fence, long highestSeen) {
        super(new FenceDecision(fence.releaseId(), fence.token(), highestSeen, false).describe());
        this.fence = fence;
        this.highestSeen = highestSeen;
    }

    /** The refused fence. */
    public Fence fence() {
        return fence;
    }

    /** The highest token the receiver had seen for the release. */
    public long highestSeen() {
        return highestSeen;
    }
}
