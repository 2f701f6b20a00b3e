package dev.nonstop.gateway.contract;

/**
 * What a member may receive. The gateway never cuts a request that is already in flight because
 * of a state change: states only decide where <em>new</em> requests go.
 */
public enum MemberState {
    /** Receives new requests. */
    ACTIVE,
    /**
     * Receives no new requests, except requests whose sticky cookie names this member while sticky
     * sessions are on (like mod_jk's Disabled). In-flight requests finish.
     */
    DRAINING,
    /** Receives nothing new; in-flight requests finish. */
    OUT,
    /** A warm spare: healthy and checked, but given no traffic. */
    STANDBY;

    /** Whether the balancer may pick this member for a request that is not pinned to it. */
    public boolean acceptsNewRequests() {
        return this == ACTIVE;
    }

    /** Whether a request pinned to this member by a sticky cookie may still go to it. */
    public boolean acceptsPinnedRequests() {
        return this == ACTIVE || this == DRAINING;
    }
}
