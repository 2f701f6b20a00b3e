package dev.nonstop.coordination;

/** Why a lease was lost. */
public enum LeaseLostReason {
    /**
     * No renewal succeeded within the ttl and none failed with a store error: the process was paused
     * (GC, SIGSTOP), or the last renewal was still waiting for the store's answer.
     */
    EXPIRED,
    /** Renewals failed with store errors until the ttl passed. */
    STORE_UNREACHABLE,
    /** The store answered that another lease holds the lock, or that ours no longer exists. */
    TAKEN_OVER,
    /** The store session that carried the lease ended (ZooKeeper session, etcd lease). */
    SESSION_LOST
}
