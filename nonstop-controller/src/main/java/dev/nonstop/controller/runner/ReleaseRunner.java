package dev.nonstop.controller.runner;

import dev.nonstop.agent.contract.AgentApi;
import dev.nonstop.common.fencing.Fence;
import dev.nonstop.common.fencing.StaleFencingTokenException;
import dev.nonstop.controller.client.AppProbe;
import dev.nonstop.controller.release.plan.RollingPlan;
import dev.nonstop.controller.release.state.InstancePath;
import dev.nonstop.controller.release.state.InstanceStep;
import dev.nonstop.controller.release.state.InstanceTransitionListener;
import dev.nonstop.controller.release.state.ReleaseState;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.ControllerStoreException;
import dev.nonstop.controller.store.Release;
import dev.nonstop.controller.store.ReleaseFence;
import dev.nonstop.gateway.contract.client.GatewayAdminClient;
import dev.nonstop.gateway.contract.client.GatewayFencedOutException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one release to its end, returning on the calling thread: surge instances first (together), then the plan's
 * batches (the instances of a batch together, on a thread each), then the retired instances (each as soon as its
 * replacement serves); each instance step by step along its {@link InstancePath}. Every step is recorded {@code STARTED} before it runs and {@code DONE} or {@code FAILED} after
 * ({@link ControllerStore#recordStepStarted} and friends), and every action is idempotent, so a runner built on the
 * same release by another controller (a higher fencing token) resumes where the step log says: a {@code STARTED}
 * step is run again, a {@code DONE} step is passed, a {@code FAILED} step starts the rollback.
 *
 * <pre>{@code
 * ReleaseFence fence = store.claimRelease(release.id(), "controller-1", lease.fencingToken());
 * ReleaseState end = ReleaseRunner.builder(store, fence, RollingPlan.of(refs, 1, 0))
 *         .gateways(List.of(GatewayAdminClient.of(adminUri, adminToken)))
 *         .agents((host, f) -> agent.as(new Caller("controller", Optional.of(f))))
 *         .appToken(appToken)
 *         .build()
 *         .run();
 * }</pre>
 *
 * <p>Operators' commands ({@link ControllerStore#applyCommand}) are read before every step and raced by every wait
 * (every command poll interval, or at once after {@link #commandRecorded}): {@code PAUSED} holds the instances where
 * they are, also in the middle of a wait; {@code ABORTING} cuts the waits and ends the run with {@code ABORTED}
 * (instances stay where they are, except that an old process being drained gets its traffic back); {@code
 * ROLLING_BACK} rolls back. A failed step moves the release to {@code ROLLING_BACK}: every touched instance is put
 * back with the same machinery (drain, stop, start the old version, readiness, back to ACTIVE at full weight), the
 * last touched first; a rollback that fails leaves the release {@code FAILED}. However the release settles, each
 * touched instance's record then says what its agent reports running.
 *
 * <p>A refused fence (store, gateway or agent) or a store that cannot be written ends the run at once with {@link
 * ReleaseAbandonedException}: another controller owns the release now.
 *
 * <p>The runner decides how the release goes on from the state it finds; the work is done by its collaborators:
 * {@link ReleaseRunnerBuilder} (the settings), {@code ReleaseTasks} (the plan as a task graph of instances, each
 * resumed from the step log by {@code ResumedMachines}), {@code ForwardWalk} (the instances driven to their targets),
 * {@code StepLog} (every step recorded around its action), {@code ReleaseRollback} (a rollback or an abort settled)
 * and {@code InstanceRecords} (the instance records kept true to what runs).
 */
public final class ReleaseRunner {
    private static final Logger log = LoggerFactory.getLogger(ReleaseRunner.class);

    private final ControllerStore store;
    private final ReleaseFence fence;
    private final RollingPlan plan;
    private final List<GatewayAdminClient> gateways;
    private final AgentConnector agents;
    private final AppProbe probe;
    private final Clock clock;
    private final Waiter waiter;
    private final Map<String, String> env;
    private final Map<String, String> newVersionEnv;
    private final List<String> jvmArgs;
    private final List<String> args;
    private final List<InstanceTransitionListener> listeners;
    private final List<InFlightListener> inFlightListeners;
    private final List<TrafficListener> trafficListeners;
    private final ReleaseControl control;
    private final AtomicBoolean started = new AtomicBoolean();

    ReleaseRunner(ReleaseRunnerBuilder b) {
        this.store = b.store;
        this.fence = b.fence;
        this.plan = b.plan;
        this.gateways = b.gateways.stream()
                .map(g -> g.fencedBy(b.fence.releaseId(), b.fence.fencingToken()))
                .toList();
        this.agents = b.agents;
        this.probe = AppProbe.create(b.probeTimeout, b.appToken);
        this.clock = b.clock;
        this.control = new ReleaseControl(b.store, b.fence, b.clock, b.commandPollInterval, b.stateListeners);
        // every wait of the walk races the operator's commands: a pause holds it, an abort or a rollback ends it
        this.waiter = Waiter.create(b.clock, b.pollInterval, control::park).gatedBy(control::pass);
        this.env = Map.copyOf(b.env);
        this.newVersionEnv = Map.copyOf(b.newVersionEnv);
        this.jvmArgs = List.copyOf(b.jvmArgs);
        this.args = List.copyOf(b.args);
        this.listeners = List.copyOf(b.listeners);
        this.inFlightListeners = List.copyOf(b.inFlightListeners);
        this.trafficListeners = List.copyOf(b.trafficListeners);
    }

    /** A builder of a runner of the release {@code fence} owns, in the order of {@code plan}. */
    public static ReleaseRunnerBuilder builder(ControllerStore store, ReleaseFence fence, RollingPlan plan) {
        return new ReleaseRunnerBuilder(store, fence, plan);
    }

    /** The id a surge instance of this release gets: {@code <app>-<release id prefix>-s<ordinal>}. */
    public static String surgeInstanceId(String app, String releaseId, int ordinal) {
        String id = app + "-" + shortId(releaseId) + "-s" + ordinal;
        return id.length() <= 64 ? id : id.substring(id.length() - 64);
    }

    /** The first 8 letters and digits of a release id: what names its surge instances and its walk's threads. */
    static String shortId(String releaseId) {
        String id = releaseId.replaceAll("[^A-Za-z0-9]", "");
        return id.substring(0, Math.min(8, id.length()));
    }

    /**
     * Tells the runner that an operator's command on its release was just recorded (by this controller): the waits
     * in progress read the release's state at once instead of at their next command poll.
     */
    public void commandRecorded() {
        control.commandRecorded();
    }

    /**
     * Runs the release until it settles. Call once.
     *
     * @return the state the release settled in: {@code SUCCEEDED}, {@code ROLLED_BACK}, {@code ABORTED} or {@code
     *     FAILED}
     * @throws ReleaseAbandonedException when the fence was refused or the store failed: the release is left to its
     *     next owner
     */
    public ReleaseState run() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a release runner runs once");
        }
        try {
            return runRelease();
        } catch (ControllerStoreException
                | GatewayFencedOutException
                | StaleFencingTokenException
                | CancellationException e) {
            // a lost fence, an unreachable store, or this controller stopping (interrupted): the STARTED steps
            // are left for the next owner to run again
            throw abandon(e);
        }
    }

    private ReleaseAbandonedException abandon(RuntimeException e) {
        log.warn("release {}: abandoned by {}: {}", fence.releaseId(), fence.ownerId(), e.toString());
        return new ReleaseAbandonedException(
                "release " + fence.releaseId() + " abandoned by " + fence.ownerId() + ": " + e.getMessage(), e);
    }

    private ReleaseState runRelease() {
        Release release = store.release(fence.releaseId())
                .orElseThrow(() -> new IllegalArgumentException("release " + fence.releaseId() + " not found"));
        Fence agentFence = fence.fence();
        Map<String, AgentApi> byHost = new ConcurrentHashMap<>();
        Function<String, AgentApi> agentOf = host -> byHost.computeIfAbsent(host, h -> agents.agent(h, agentFence));
        InstanceActions actions = new InstanceActions(
                release.spec(),
                release.fromVersion(),
                gateways,
                agentOf,
                probe,
                waiter,
                env,
                newVersionEnv,
                jvmArgs,
                args,
                (instanceId, count) ->
                        inFlightListeners.forEach(l -> l.inFlight(fence.releaseId(), instanceId, count)));
        InstanceRecords records = new InstanceRecords(store, fence, actions);
        ReleaseRun run = new ReleaseRun(release, store, actions, records, control, new StepLog(store, fence, clock));
        ReleaseRollback rollback = new ReleaseRollback(run);
        if (release.spec().strategy().isGray()) {
            return runGray(release, run, rollback, agentOf, records);
        }
        List<ParallelWalk.Task<InstanceWork>> tasks =
                ReleaseTasks.of(plan, release, store, new ResumedMachines(store, release.id(), clock, listeners));
        List<InstanceWork> work = tasks.stream().map(ParallelWalk.Task::item).toList();
        if (release.state() == ReleaseState.PENDING) {
            control.moveTo(ReleaseState.RUNNING, null);
        }
        ReleaseState state = control.current();
        if (state == ReleaseState.RUNNING || state == ReleaseState.PAUSED) {
            Optional<InstanceWork> failed = work.stream()
                    .filter(w -> w.machine.step() == InstanceStep.FAILED)
                    .findFirst();
            if (failed.isPresent()) {
                control.moveTo(ReleaseState.ROLLING_BACK, "a step failed before the take-over");
            } else {
                try {
                    control.betweenSteps(() -> false);
                    Optional<String> unstaged = new ArtifactStaging(
                                    store, fence, release.spec(), agentOf, clock, listeners)
                            .stage(ReleaseTasks.stagingHosts(work));
                    if (unstaged.isPresent()) {
                        control.failUntouched(unstaged.get());
                        log.warn("release {}: FAILED: {}", release.id(), unstaged.get());
                        return ReleaseState.FAILED;
                    }
                    new ForwardWalk(run).walk(tasks);
                    records.recordWhatRuns(work);
                    control.succeed();
                    log.info("release {}: SUCCEEDED", fence.releaseId());
                    return ReleaseState.SUCCEEDED;
                } catch (StepFailedException e) {
                    control.moveTo(ReleaseState.ROLLING_BACK, e.getMessage());
                } catch (ReleaseControl.RollbackRequested e) {
                    // an operator asked for it; the release is ROLLING_BACK already
                } catch (ReleaseControl.Aborted e) {
                    return rollback.settleAbort(work);
                }
            }
        } else if (state == ReleaseState.ABORTING) {
            return rollback.settleAbort(work);
        } else if (state != ReleaseState.ROLLING_BACK) {
            return state;
        }
        return rollback.rollBack(work);
    }

    /**
     * A gray release (canary, blue-green): the green instances, the traffic steps and the blue instances walked by a
     * {@link GrayWalk}; a failure sends all traffic back to blue first, then puts every touched instance back, then
     * clears the routing.
     */
    private ReleaseState runGray(
            Release release,
            ReleaseRun run,
            ReleaseRollback rollback,
            Function<String, AgentApi> agentOf,
            InstanceRecords records) {
        ResumedMachines machines = new ResumedMachines(store, release.id(), clock, listeners);
        List<ParallelWalk.Task<InstanceWork>> green = ReleaseTasks.green(plan, release, store, machines);
        List<ParallelWalk.Task<InstanceWork>> blue = ReleaseTasks.blue(plan, store, machines);
        List<InstanceWork> work = new java.util.ArrayList<>();
        green.forEach(t -> work.add(t.item()));
        blue.forEach(t -> work.add(t.item()));
        GrayWalk gray = new GrayWalk(run, clock, trafficListeners);
        if (release.state() == ReleaseState.PENDING) {
            control.moveTo(ReleaseState.RUNNING, null);
        }
        ReleaseState state = control.current();
        if (state == ReleaseState.RUNNING || state == ReleaseState.PAUSED) {
            Optional<InstanceWork> failed = work.stream()
                    .filter(w -> w.machine.step() == InstanceStep.FAILED)
                    .findFirst();
            Optional<String> failedRow = gray.failedRow();
            if (failed.isPresent() || failedRow.isPresent()) {
                control.moveTo(ReleaseState.ROLLING_BACK, failedRow.orElse("a step failed before the take-over"));
            } else {
                try {
                    control.betweenSteps(() -> false);
                    Optional<String> unstaged = new ArtifactStaging(
                                    store, fence, release.spec(), agentOf, clock, listeners)
                            .stage(ReleaseTasks.stagingHosts(work));
                    if (unstaged.isPresent()) {
                        control.failUntouched(unstaged.get());
                        log.warn("release {}: FAILED: {}", release.id(), unstaged.get());
                        return ReleaseState.FAILED;
                    }
                    gray.forward(green, blue);
                    records.recordWhatRuns(work);
                    control.succeed();
                    log.info(
                            "release {}: SUCCEEDED ({})",
                            fence.releaseId(),
                            release.spec().strategy());
                    return ReleaseState.SUCCEEDED;
                } catch (StepFailedException e) {
                    control.moveTo(ReleaseState.ROLLING_BACK, e.getMessage());
                } catch (ReleaseControl.RollbackRequested e) {
                    // an operator asked for it; the release is ROLLING_BACK already
                } catch (ReleaseControl.Aborted e) {
                    return rollback.settleAbort(work);
                }
            }
        } else if (state == ReleaseState.ABORTING) {
            return rollback.settleAbort(work);
        } else if (state != ReleaseState.ROLLING_BACK) {
            return state;
        }
        try {
            gray.backToBlue();
        } catch (StepFailedException e) {
            // the instances' rollback still drains green, which moves its users to blue
            log.warn("release {}: traffic back to blue failed: {}", release.id(), e.getMessage());
        }
        return rollback.rollBack(work, gray::clearGreen);
    }
}
