/**
 * The release runner: drives one release, instance by instance, through the steps of {@code
 * dev.nonstop.controller.release.state}, in the order of a {@code RollingPlan}, recording every step in the {@code
 * ControllerStore} before and after it runs.
 *
 * <ul>
 *   <li>{@link dev.nonstop.controller.runner.ReleaseRunner}: one release, run on the caller's thread until it
 *       settles (succeeded, rolled back, aborted, failed) or its owner is fenced out; built by {@link
 *       dev.nonstop.controller.runner.ReleaseRunnerBuilder};
 *   <li>{@code ReleaseTasks}, {@code ParallelWalk} and {@code ForwardWalk} (package-private): the plan as a graph of
 *       instance tasks (surge, batches, retired), walked a thread per instance as soon as what it comes after is
 *       done, each instance driven step by step to its path's target;
 *   <li>{@code StepLog} and {@code ResumedMachines} (package-private): every step recorded {@code STARTED} before its
 *       action and {@code DONE} or {@code FAILED} after, and each instance's machine restored from those records
 *       when a controller takes a release over;
 *   <li>{@code ReleaseControl} and {@code ReleaseRollback} (package-private): the release's own state, which the
 *       operators' commands change under the walk, and how a release that does not succeed settles (rolled back,
 *       aborted);
 *   <li>{@code InstanceActions} (package-private): what each step does to the gateways, the agent and
 *       the instance, each action idempotent so that a controller taking a release over can run the last started
 *       step again; it works through {@code GatewayTables} (typed edits of every gateway's routing table, one
 *       conflict-retry loop), {@code InstanceProcesses} (the hosts' agents) and {@code WarmUpRamp};
 *   <li>{@code ArtifactStaging} (package-private): the release's first phase, the new version installed and verified
 *       on every host that will run it before any instance is touched; a host that cannot take it fails the release
 *       with nothing to roll back;
 *   <li>{@link dev.nonstop.controller.runner.Waiter}: every wait polls an observed condition against a deadline of
 *       the injected {@link java.time.Clock}; nothing sleeps a fixed time. The waits of a release pass the gate of
 *       its {@code ReleaseControl} before every poll and park on its signal, so that an operator's pause holds them
 *       and an abort or a rollback ends them within the command poll interval (at once when the command was
 *       recorded by the controller running the release).
 * </ul>
 *
 * See {@code nonstop-controller/RELEASES.md} for the step log and the idempotence rule.
 */
package dev.nonstop.controller.runner;
