package dev.nonstop.controller.store;

import java.util.Objects;

/**
 * What a controller holds after {@link ControllerStore#claimRelease claiming} a release, and passes with every
 * mutation of it. The token is the fencing token of the controller's lease on {@link #lockName(String)}.
 */
public record ReleaseFence(String releaseId, String ownerId, long fencingToken) {

    public ReleaseFence {
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(ownerId, "ownerId");
    }

    /** The lock whose lease owns a release: {@code nonstop/release/<id>}. */
    public static String lockName(String releaseId) {
        return "nonstop/release/" + releaseId;
    }
}
