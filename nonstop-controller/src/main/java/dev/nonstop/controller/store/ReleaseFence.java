package dev.nonstop.controller.store;

import dev.nonstop.common.fencing.Fence;
import java.util.Objects;

/**
 * What a controller holds after {@link ControllerStore#claimRelease claiming} a release, and passes with every
 * mutation of it. The token is the fencing token of the controller's lease on {@link #lockName(String)}; what the
 * gateways and agents receive is its {@link #fence()}.
 */
public record ReleaseFence(String releaseId, String ownerId, long fencingToken) {

    public ReleaseFence {
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(ownerId, "ownerId");
    }

    /** The fence the controller's mutations of the release carry to gateways and agents. */
    public Fence fence() {
        return new Fence(releaseId, fencingToken);
    }

    /** The lock whose lease owns a release: {@code nonstop/release/<id>}. */
    public static String lockName(String releaseId) {
        return "nonstop/release/" + releaseId;
    }
}
