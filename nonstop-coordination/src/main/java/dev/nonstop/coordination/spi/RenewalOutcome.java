package dev.nonstop.coordination.spi;

/** What the store answered to a renewal. Store errors are thrown, not returned. */
public enum RenewalOutcome {
    /** Still ours, and good for another ttl from when the request was sent. */
    RENEWED,
    /** Not ours any more: expired and possibly taken by another lease. */
    TAKEN_OVER,
    /** The session or store lease that carried it is gone. */
    SESSION_LOST
}
