package dev.nonstop.controller.release.state;

/**
 * Where one instance is in a release. A step names the state reached: a step row recorded {@code STARTED} for
 * {@code DRAINED} means "waiting for the drain to complete", and {@code DONE} means the instance is drained.
 */
public enum InstanceStep {
    /** An old instance serving the old version, not touched yet. */
    RUNNING_OLD,
    /** A surge instance that does not exist yet. */
    NEW,
    /**
     * Not a step of an instance: the release's first phase, recorded per host as {@code stage@<host>}. The new version
     * is installed on the host (checksum and jar verified by its agent) before any instance is touched; a staging row
     * moves {@code NEW -> STAGED}, or {@code NEW -> FAILED} when the host cannot take the version.
     */
    STAGED,
    /** Routing marks the member DRAINING; no new work reaches it. */
    DRAINING,
    /** Observed idle: every gateway acked the table, in-flight zero everywhere, the app reports idle. */
    DRAINED,
    /** The old process is stopped. */
    STOPPED,
    /** The new version is installed (checksum verified). */
    DEPLOYED,
    /** The new process is running. */
    STARTED,
    /** The new process answers its readiness path. */
    HEALTHY,
    /** Smoke checks sent straight to the instance passed. */
    VERIFIED,
    /** The gateway weight is ramping up while errors are watched. */
    WARMING,
    /** Serving the new version at full weight. Final for upgraded and surge instances. */
    RUNNING_NEW,
    /** Drained and stopped for good, to give back the surge capacity. Final for retired instances. */
    RETIRED,
    /**
     * Not a step of an instance: a traffic step of a gray release (canary, blue-green), recorded under the row id
     * {@code traffic@<n>} (or {@code traffic@promote}, {@code traffic@final}, {@code traffic@back}): the gateways'
     * routing moved green to the step's share of users (or all traffic to one group).
     */
    ROUTED,
    /** Not a step of an instance: a traffic step's gate judged, its figures in the detail (a FAILED row: failed). */
    GATED,
    /** Not a step of an instance: an operator approved the traffic step ({@code nonstop release approve}). */
    APPROVED,
    /** Not a step of an instance: blue kept warm after a blue-green switch, for the rollback window. */
    HELD,
    /** A step failed; the instance waits for the rollback. */
    FAILED,
    /** Being put back as it was before the release. */
    ROLLING_BACK,
    /** Back as before the release: old version serving again, or (a surge instance) removed. Final. */
    ROLLED_BACK
}
