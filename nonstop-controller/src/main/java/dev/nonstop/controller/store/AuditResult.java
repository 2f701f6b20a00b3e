package dev.nonstop.controller.store;

/** How an audited action ended. */
public enum AuditResult {
    OK,
    /** Refused before anything changed: bad token, illegal command, invalid input. */
    REFUSED,
    /** Accepted, then failed. */
    FAILED
}
