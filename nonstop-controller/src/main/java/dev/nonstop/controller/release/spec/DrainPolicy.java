package dev.nonstop.controller.release.spec;

/** What happens when an instance is not drained by the drain deadline. */
public enum DrainPolicy {
    /** The release fails and the touched instances are rolled back. */
    FAIL,
    /** The instance is stopped anyway; the unfinished work is recorded in the step's detail. */
    FORCE
}
