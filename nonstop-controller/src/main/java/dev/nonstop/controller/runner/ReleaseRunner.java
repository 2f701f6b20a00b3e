package dev.nonstop.controller.runner;

import dev.nonstop.agent.contract.AgentApi;
import dev.nonstop.agent.contract.Fence;
import dev.nonstop.agent.contract.StaleFencingTokenException;
import dev.nonstop.controller.client.AppProbe;
import dev.nonstop.controller.release.plan.RollingPlan;
import dev.nonstop.controller.release.plan.SurgeSlot;
import dev.nonstop.controller.release.state.InstanceMachine;
import dev.nonstop.controller.release.state.InstancePath;
import dev.nonstop.controller.release.state.InstanceStep;
import dev.nonstop.controller.release.state.InstanceTransitionListener;
import dev.nonstop.controller.release.state.ReleaseState;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.ControllerStoreException;
import dev.nonstop.controller.store.Instance;
import dev.nonstop.controller.store.InstanceState;
import dev.nonstop.controller.store.NewInstance;
import dev.nonstop.controller.store.Release;
import dev.nonstop.controller.store.ReleaseFence;
import dev.nonstop.controller.store.StepRecord;
import dev.nonstop.gateway.contract.client.GatewayAdminClient;
import dev.nonstop.gateway.contract.client.GatewayFencedOutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
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
    private final List<InstanceTransitionListener> listeners;
    private final List<ReleaseStateListener> stateListeners;
    private final List<InFlightListener> inFlightListeners;
    private final AtomicBoolean started = new AtomicBoolean();

    private volatile Release release;
    private volatile InstanceActions actions;
    private volatile ParallelWalk<Work> currentWalk;
    private final ReleaseControl control;

    private ReleaseRunner(Builder b) {
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
        this.listeners = List.copyOf(b.listeners);
        this.stateListeners = List.copyOf(b.stateListeners);
        this.inFlightListeners = List.copyOf(b.inFlightListeners);
    }

    /** A builder of a runner of the release {@code fence} owns, in the order of {@code plan}. */
    public static Builder builder(ControllerStore store, ReleaseFence fence, RollingPlan plan) {
        return new Builder(store, fence, plan);
    }

    /** The id a surge instance of this release gets: {@code <app>-<release id prefix>-s<ordinal>}. */
    public static String surgeInstanceId(String app, String releaseId, int ordinal) {
        String prefix = releaseId.replaceAll("[^A-Za-z0-9]", "");
        prefix = prefix.substring(0, Math.min(8, prefix.length()));
        String id = app + "-" + prefix + "-s" + ordinal;
        return id.length() <= 64 ? id : id.substring(id.length() - 64);
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
        release = store.release(fence.releaseId())
                .orElseThrow(() -> new IllegalArgumentException("release " + fence.releaseId() + " not found"));
        Fence agentFence = new Fence(fence.releaseId(), fence.fencingToken());
        Map<String, AgentApi> byHost = new ConcurrentHashMap<>();
        Function<String, AgentApi> agentOf = host -> byHost.computeIfAbsent(host, h -> agents.agent(h, agentFence));
        actions = new InstanceActions(
                release.spec(),
                release.fromVersion(),
                gateways,
                agentOf,
                probe,
                waiter,
                env,
                newVersionEnv,
                jvmArgs,
                (instanceId, count) ->
                        inFlightListeners.forEach(l -> l.inFlight(fence.releaseId(), instanceId, count)));
        List<ParallelWalk.Task<Work>> tasks = plannedTasks();
        List<Work> work = tasks.stream().map(ParallelWalk.Task::item).toList();
        if (release.state() == ReleaseState.PENDING) {
            control.moveTo(ReleaseState.RUNNING, null);
        }
        ReleaseState state = control.current();
        if (state == ReleaseState.RUNNING || state == ReleaseState.PAUSED) {
            Optional<Work> failed = work.stream()
                    .filter(w -> w.machine.step() == InstanceStep.FAILED)
                    .findFirst();
            if (failed.isPresent()) {
                control.moveTo(ReleaseState.ROLLING_BACK, "a step failed before the take-over");
            } else {
                try {
                    control.betweenSteps(() -> false);
                    Optional<String> unstaged = new ArtifactStaging(
                                    store, fence, release.spec(), agentOf, clock, listeners)
                            .stage(stagingHosts(work));
                    if (unstaged.isPresent()) {
                        control.failUntouched(unstaged.get());
                        log.warn("release {}: FAILED: {}", release.id(), unstaged.get());
                        return ReleaseState.FAILED;
                    }
                    walk(tasks);
                    recordWhatRuns(work);
                    control.succeed();
                    log.info("release {}: SUCCEEDED", fence.releaseId());
                    return ReleaseState.SUCCEEDED;
                } catch (StepFailedException e) {
                    control.moveTo(ReleaseState.ROLLING_BACK, e.getMessage());
                } catch (ReleaseControl.RollbackRequested e) {
                    // an operator asked for it; the release is ROLLING_BACK already
                } catch (ReleaseControl.Aborted e) {
                    return settleAbort(work);
                }
            }
        } else if (state == ReleaseState.ABORTING) {
            return settleAbort(work);
        } else if (state != ReleaseState.ROLLING_BACK) {
            return state;
        }
        return rollBack(work);
    }

    /**
     * ABORTING -> ABORTED once no instance thread runs a step any more: the instances stay where they are, except
     * that an old process being drained (not stopped yet) is given its traffic back, and every touched instance's
     * record says what its agent reports running. An operator's rollback that came first rolls back instead.
     */
    private ReleaseState settleAbort(List<Work> work) {
        try {
            for (Work w : work) {
                if (wasDraining(w)) {
                    rollBackOne(w, "the release was aborted while the old process drained");
                }
            }
        } catch (StepFailedException e) {
            recordWhatRuns(work);
            control.moveTo(ReleaseState.FAILED, "abort: a drained instance could not be put back: " + e.getMessage());
            log.error("release {}: abort FAILED: {}", release.id(), e.getMessage());
            return ReleaseState.FAILED;
        }
        recordWhatRuns(work);
        if (control.moveIfStill(ReleaseState.ABORTING, ReleaseState.ABORTED)) {
            log.info("release {}: ABORTED", fence.releaseId());
            return ReleaseState.ABORTED;
        }
        ReleaseState now = control.current();
        return now == ReleaseState.ROLLING_BACK ? rollBack(work) : now;
    }

    /** The hosts that will run the new version: those of the upgraded and the surge instances. */
    private static SortedSet<String> stagingHosts(List<Work> work) {
        return work.stream()
                .filter(w -> w.machine.path() != InstancePath.RETIRE)
                .map(w -> w.target.host())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Whether the instance's old process was taken out of rotation and not stopped yet: it drains, is drained, or
     * its drain was cut short (by an abort, or failed).
     */
    private boolean wasDraining(Work w) {
        InstanceMachine m = w.machine;
        if (m.path() == InstancePath.SURGE) {
            return false;
        }
        if (m.step() == InstanceStep.DRAINING || m.step() == InstanceStep.DRAINED) {
            return true;
        }
        if (m.step() != InstanceStep.FAILED) {
            return false;
        }
        return store.lastStep(release.id(), m.instanceId())
                .map(r -> r.step() == InstanceStep.DRAINING || r.step() == InstanceStep.DRAINED)
                .orElse(false);
    }

    /** Sets each touched instance's record to what its agent reports running. */
    private void recordWhatRuns(List<Work> work) {
        InstanceRecords records = new InstanceRecords(store, fence, actions);
        for (Work w : work) {
            if (w.machine.step() != w.machine.path().initial()) {
                records.recordWhatRuns(w.machine.instanceId());
            }
        }
    }

    // ---- the plan as work

    /** One instance of the plan with its machine, resumed from the step log. */
    private static final class Work {
        final InstanceMachine machine;
        InstanceActions.Target target;
        final int surgeOrdinal;

        Work(InstanceMachine machine, InstanceActions.Target target, int surgeOrdinal) {
            this.machine = machine;
            this.target = target;
            this.surgeOrdinal = surgeOrdinal;
        }
    }

    /**
     * The plan as tasks and what each waits for: the surge instances together, first; each batch together, after
     * the surge and the batch before; each retired instance after every batch and after the surge instance that
     * replaces it (the k-th retired after the k-th surge), so capacity never drops below what the plan keeps.
     */
    private List<ParallelWalk.Task<Work>> plannedTasks() {
        List<ParallelWalk.Task<Work>> tasks = new ArrayList<>();
        List<Integer> surges = new ArrayList<>();
        for (SurgeSlot slot : plan.surge()) {
            String id = surgeInstanceId(release.app(), release.id(), slot.ordinal());
            InstanceActions.Target target = store.instance(id)
                    .map(ReleaseRunner::targetOf)
                    .orElse(new InstanceActions.Target(id, slot.host(), 0, id));
            surges.add(tasks.size());
            tasks.add(new ParallelWalk.Task<>(
                    new Work(machine(id, InstancePath.SURGE), target, slot.ordinal()), List.of()));
        }
        List<Integer> previous = surges;
        for (List<String> batch : plan.batches()) {
            List<Integer> members = new ArrayList<>();
            for (String id : batch) {
                members.add(tasks.size());
                tasks.add(new ParallelWalk.Task<>(
                        new Work(machine(id, InstancePath.UPGRADE), existing(id), 0), previous));
            }
            previous = members;
        }
        for (int k = 0; k < plan.retire().size(); k++) {
            String id = plan.retire().get(k);
            List<Integer> after = new ArrayList<>(plan.batches().isEmpty() ? List.of() : previous);
            if (k < surges.size()) {
                after.add(surges.get(k));
            }
            tasks.add(new ParallelWalk.Task<>(new Work(machine(id, InstancePath.RETIRE), existing(id), 0), after));
        }
        return tasks;
    }

    /**
     * Drives every instance of the plan, each on its own thread as soon as what it waits for is done; after a
     * failure the others stop at their next step boundary and the most serious failure is thrown.
     */
    private void walk(List<ParallelWalk.Task<Work>> tasks) {
        ParallelWalk<Work> walk = new ParallelWalk<>(tasks, "release-" + shortId());
        currentWalk = walk;
        control.startWalking(walk::stopping);
        try {
            walk.run(this::drive, Comparator.comparingInt(ReleaseRunner::severity));
        } finally {
            control.stopWalking();
            currentWalk = null;
        }
    }

    /**
     * How much a failure of one instance's walk matters for the release: a bug, then a lost fence (another
     * controller owns the release), then a failed step (roll back), an operator's rollback, an abort, and last a
     * walk stopped because another instance failed.
     */
    private static int severity(RuntimeException e) {
        if (e instanceof ReleaseControl.StopWalking) {
            return 0;
        }
        if (e instanceof ReleaseControl.Aborted) {
            return 1;
        }
        if (e instanceof ReleaseControl.RollbackRequested) {
            return 2;
        }
        if (e instanceof StepFailedException) {
            return 3;
        }
        if (e instanceof ControllerStoreException
                || e instanceof GatewayFencedOutException
                || e instanceof StaleFencingTokenException
                || e instanceof CancellationException) {
            return 4;
        }
        return 5;
    }

    /** Whether another instance's walk failed, so this one should stop. */
    private boolean stopping() {
        ParallelWalk<Work> walk = currentWalk;
        return walk != null && walk.stopping();
    }

    private String shortId() {
        String id = release.id().replaceAll("[^A-Za-z0-9]", "");
        return id.substring(0, Math.min(8, id.length()));
    }

    private InstanceActions.Target existing(String id) {
        return targetOf(store.instance(id)
                .orElseThrow(() -> new IllegalArgumentException("instance " + id + " of the plan is not registered")));
    }

    private static InstanceActions.Target targetOf(Instance i) {
        return new InstanceActions.Target(
                i.id(), i.host(), i.port(), i.gatewayMemberId().orElse(i.id()));
    }

    /** A machine where the step log left the instance: before a STARTED step (to run it again), at a DONE one. */
    private InstanceMachine machine(String id, InstancePath path) {
        Optional<StepRecord> last = store.lastStep(release.id(), id);
        InstanceMachine machine;
        if (last.isEmpty()) {
            machine = InstanceMachine.start(release.id(), id, path, clock);
        } else {
            StepRecord r = last.get();
            InstanceStep at =
                    switch (r.status()) {
                        case DONE -> r.step();
                        case FAILED -> InstanceStep.FAILED;
                        case STARTED -> before(path, r.step());
                    };
            machine = InstanceMachine.resume(release.id(), id, path, at, clock);
            log.info(
                    "release {}: instance {} resumes at {} (last recorded: {} {})",
                    release.id(),
                    id,
                    at,
                    r.step(),
                    r.status());
        }
        listeners.forEach(machine::addListener);
        return machine;
    }

    /** The step an instance is in while {@code started} runs. */
    private static InstanceStep before(InstancePath path, InstanceStep started) {
        int i = path.forwardSteps().indexOf(started);
        if (i > 0) {
            return path.forwardSteps().get(i - 1);
        }
        // ROLLING_BACK or ROLLED_BACK in progress: the rollback runs again
        return InstanceStep.ROLLING_BACK;
    }

    // ---- forward

    private void drive(Work w) {
        while (w.machine.step() != w.machine.path().target()) {
            control.betweenSteps(this::stopping);
            InstanceStep at = w.machine.step();
            InstanceStep next = w.machine
                    .path()
                    .forward(at)
                    .orElseThrow(() -> new StepFailedException(
                            "instance " + w.machine.instanceId() + " is " + at + ", off its path"));
            step(w, next, () -> forward(w, next));
        }
    }

    private String forward(Work w, InstanceStep step) {
        InstanceActions.Target t = w.target;
        return switch (step) {
            case DRAINING -> actions.markDraining(t);
            case DRAINED -> actions.awaitDrained(t, false);
            case STOPPED -> {
                String detail = actions.stop(t);
                updateInstance(t.instanceId(), release.fromVersion(), InstanceState.STOPPED);
                yield detail;
            }
            case DEPLOYED -> {
                if (w.machine.path() == InstancePath.SURGE) {
                    w.target = registerSurge(w);
                }
                yield actions.deploy(w.target);
            }
            case STARTED -> {
                // Recorded as soon as the new process runs, so the store never names the old version for it, also
                // while the release is paused or warming up.
                String detail = actions.start(w.target, release.toVersion());
                updateInstance(w.target.instanceId(), release.toVersion(), InstanceState.RUNNING);
                yield detail;
            }
            case HEALTHY -> actions.awaitHealthy(t);
            case VERIFIED -> actions.verify(t);
            case WARMING -> actions.warm(t);
            case RUNNING_NEW -> {
                String detail = actions.activate(t);
                updateInstance(t.instanceId(), release.toVersion(), InstanceState.RUNNING);
                yield detail;
            }
            case RETIRED -> {
                String detail = actions.removeFromGateways(t);
                updateInstance(t.instanceId(), release.fromVersion(), InstanceState.RETIRED);
                yield detail;
            }
            default -> throw new IllegalStateException("no forward action for " + step);
        };
    }

    /** Registers the surge instance on a port its agent says is free, or finds it registered by an earlier run. */
    private InstanceActions.Target registerSurge(Work w) {
        String id = w.target.instanceId();
        Optional<Instance> registered = store.instance(id);
        if (registered.isPresent()) {
            return targetOf(registered.get());
        }
        int port = actions.freePort(w.target.host()); // free on the agent's host, not on this controller's
        Instance created = store.createInstance(new NewInstance(
                id, release.app(), w.target.host(), port, release.toVersion(), InstanceState.PENDING, Optional.of(id)));
        return targetOf(created);
    }

    private void updateInstance(String id, String version, InstanceState state) {
        store.instance(id)
                .ifPresent(
                        i -> store.updateInstance(fence, i.withVersion(version).withState(state)));
    }

    /** Records {@code step} STARTED, runs it, records DONE and moves the machine; or records FAILED. */
    private void step(Work w, InstanceStep step, java.util.function.Supplier<String> action) {
        String id = w.machine.instanceId();
        store.recordStepStarted(fence, id, step, "");
        Instant started = clock.instant();
        String detail;
        try {
            detail = action.get();
        } catch (ControllerStoreException | GatewayFencedOutException | StaleFencingTokenException e) {
            throw e;
        } catch (ReleaseControl.Interrupt e) {
            // a command (or a sibling's failure) cut a wait of the step short: the step did not finish, and the
            // instance is left as the wait found it (an abort puts a draining one back, a rollback every touched one)
            String why = "stopped after "
                    + Duration.between(started, clock.instant()).toMillis() + " ms by " + e.getMessage();
            log.info("release {}: instance {} step {} {}", release.id(), id, step, why);
            store.recordStepFailed(fence, id, step, why);
            markFailed(w, step, why);
            throw e;
        } catch (RuntimeException e) {
            if (e instanceof CancellationException || Thread.currentThread().isInterrupted()) {
                // stopped from outside (this controller shuts down), not a verdict on the instance: not recorded
                throw e instanceof CancellationException c
                        ? c
                        : (CancellationException) new CancellationException("interrupted in step " + step).initCause(e);
            }
            ParallelWalk<Work> walk = currentWalk;
            if (walk != null) {
                walk.stop(); // the other instances stop at their next step boundary, from now on
            }
            String why = e instanceof StepFailedException ? e.getMessage() : e.toString();
            log.warn("release {}: instance {} step {} failed: {}", release.id(), id, step, why);
            store.recordStepFailed(fence, id, step, why);
            markFailed(w, step, why);
            throw e instanceof StepFailedException s ? s : new StepFailedException(why, e);
        }
        store.recordStepDone(fence, id, step, detail);
        log.info("release {}: instance {} {}: {}", release.id(), id, step, detail);
        w.machine.transitionTo(step, detail);
    }

    private static void markFailed(Work w, InstanceStep step, String why) {
        if (w.machine.path().allows(w.machine.step(), InstanceStep.FAILED)) {
            w.machine.transitionTo(InstanceStep.FAILED, why);
        } else if (w.machine.step() == w.machine.path().initial()) {
            // the first move failed part-way: the instance is touched
            w.machine.transitionTo(step, "partly");
            w.machine.transitionTo(InstanceStep.FAILED, why);
        }
    }

    // ---- rollback

    private ReleaseState rollBack(List<Work> work) {
        List<Work> touched = new ArrayList<>(work);
        Collections.reverse(touched);
        // The failed instance is out of rotation already: put it back first.
        touched.sort((a, b) ->
                Boolean.compare(b.machine.step() == InstanceStep.FAILED, a.machine.step() == InstanceStep.FAILED));
        try {
            for (Work w : touched) {
                rollBackOne(w, "from " + w.machine.step());
            }
        } catch (StepFailedException e) {
            recordWhatRuns(work);
            control.moveTo(ReleaseState.FAILED, "rollback failed: " + e.getMessage());
            log.error("release {}: rollback FAILED: {}", release.id(), e.getMessage());
            return ReleaseState.FAILED;
        }
        recordWhatRuns(work);
        control.moveTo(ReleaseState.ROLLED_BACK, null);
        log.info("release {}: ROLLED_BACK", release.id());
        return ReleaseState.ROLLED_BACK;
    }

    /** Rolls one touched instance back, recorded as its ROLLING_BACK and ROLLED_BACK steps; untouched: nothing. */
    private void rollBackOne(Work w, String why) {
        InstanceMachine m = w.machine;
        if (m.step() == m.path().initial() || m.step() == InstanceStep.ROLLED_BACK) {
            return;
        }
        if (m.step() != InstanceStep.ROLLING_BACK) {
            store.recordStepStarted(fence, m.instanceId(), InstanceStep.ROLLING_BACK, "");
            store.recordStepDone(fence, m.instanceId(), InstanceStep.ROLLING_BACK, why);
            m.transitionTo(InstanceStep.ROLLING_BACK, why);
        }
        if (w.machine.path() == InstancePath.SURGE && w.target.port() == 0) {
            w.target = store.instance(w.target.instanceId())
                    .map(ReleaseRunner::targetOf)
                    .orElse(null);
        }
        step(w, InstanceStep.ROLLED_BACK, () -> putBack(w));
    }

    /** The action of an instance's ROLLED_BACK step. */
    private String putBack(Work w) {
        InstanceActions.Target t = w.target;
        if (w.machine.path() == InstancePath.SURGE) {
            if (t == null) {
                return "never registered";
            }
            String detail = actions.rollBackSurge(t);
            updateInstance(t.instanceId(), release.toVersion(), InstanceState.RETIRED);
            return detail;
        }
        String detail = actions.rollBackInPlace(t);
        updateInstance(t.instanceId(), release.fromVersion(), InstanceState.RUNNING);
        return detail;
    }

    /** Builds a {@link ReleaseRunner}; setters validate. */
    public static final class Builder {
        private final ControllerStore store;
        private final ReleaseFence fence;
        private final RollingPlan plan;
        private List<GatewayAdminClient> gateways = List.of();
        private AgentConnector agents;
        private String appToken;
        private Duration probeTimeout = AppProbe.DEFAULT_TIMEOUT;
        private Clock clock = Clock.systemUTC();
        private Duration pollInterval = Duration.ofMillis(20);
        private Duration commandPollInterval = Duration.ofMillis(100);
        private Map<String, String> env = Map.of();
        private Map<String, String> newVersionEnv = Map.of();
        private List<String> jvmArgs = List.of();
        private final List<InstanceTransitionListener> listeners = new CopyOnWriteArrayList<>();
        private final List<ReleaseStateListener> stateListeners = new CopyOnWriteArrayList<>();
        private final List<InFlightListener> inFlightListeners = new CopyOnWriteArrayList<>();

        private Builder(ControllerStore store, ReleaseFence fence, RollingPlan plan) {
            this.store = Objects.requireNonNull(store, "store");
            this.fence = Objects.requireNonNull(fence, "fence");
            this.plan = Objects.requireNonNull(plan, "plan");
        }

        /** The admin APIs of every gateway routing the app; the runner fences them with the release. */
        public Builder gateways(List<GatewayAdminClient> value) {
            gateways = List.copyOf(Objects.requireNonNull(value, "gateways"));
            return this;
        }

        /** The agents of the app's hosts. Required. */
        public Builder agents(AgentConnector value) {
            agents = Objects.requireNonNull(value, "agents");
            return this;
        }

        /** The bearer token of the app's {@code /nonstop/drain}; none: the app is not told to drain. */
        public Builder appToken(String value) {
            appToken = value;
            return this;
        }

        /** How long a request to an instance may take. Default: 3 seconds. */
        public Builder probeTimeout(Duration value) {
            probeTimeout = requirePositive("probeTimeout", value);
            return this;
        }

        /** Default: the system clock. */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** How often a wait polls its condition. Default: 20 ms. */
        public Builder pollInterval(Duration value) {
            pollInterval = requirePositive("pollInterval", value);
            return this;
        }

        /**
         * How often a wait reads the release's state from the store, for a command recorded by another controller
         * (one recorded here wakes the waits at once, {@link ReleaseRunner#commandRecorded}). Default: 100 ms.
         */
        public Builder commandPollInterval(Duration value) {
            commandPollInterval = requirePositive("commandPollInterval", value);
            return this;
        }

        /** The environment of every process the runner starts, old or new version. */
        public Builder env(Map<String, String> value) {
            env = Map.copyOf(Objects.requireNonNull(value, "env"));
            return this;
        }

        /** Added to {@link #env} for processes of the new version only. */
        public Builder newVersionEnv(Map<String, String> value) {
            newVersionEnv = Map.copyOf(Objects.requireNonNull(value, "newVersionEnv"));
            return this;
        }

        /** JVM options of every process the runner starts. */
        public Builder jvmArgs(List<String> value) {
            jvmArgs = List.copyOf(Objects.requireNonNull(value, "jvmArgs"));
            return this;
        }

        /** Told of the in-flight count of each instance while it drains, on that instance's thread. */
        public Builder inFlightListener(InFlightListener value) {
            inFlightListeners.add(Objects.requireNonNull(value, "inFlightListener"));
            return this;
        }

        /** Told of every release state the runner records. */
        public Builder stateListener(ReleaseStateListener value) {
            stateListeners.add(Objects.requireNonNull(value, "stateListener"));
            return this;
        }

        /**
         * Told of every instance transition after the step is recorded, on the thread of that instance's walk:
         * several instances may report at once.
         */
        public Builder listener(InstanceTransitionListener value) {
            listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        public ReleaseRunner build() {
            if (agents == null) {
                throw new IllegalStateException("agents: not set (expected: the agents of the app's hosts)");
            }
            return new ReleaseRunner(this);
        }

        private static Duration requirePositive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
            }
            return value;
        }
    }
}
