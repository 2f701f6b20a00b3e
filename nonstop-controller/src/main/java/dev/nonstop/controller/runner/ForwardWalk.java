package dev.nonstop.controller.runner;

import dev.nonstop.common.fencing.StaleFencingTokenException;
import dev.nonstop.controller.release.state.InstancePath;
import dev.nonstop.controller.release.state.InstanceStep;
import dev.nonstop.controller.store.ControllerStoreException;
import dev.nonstop.controller.store.Instance;
import dev.nonstop.controller.store.NewInstance;
import dev.nonstop.controller.store.RecordedInstanceState;
import dev.nonstop.controller.store.Release;
import dev.nonstop.gateway.contract.client.GatewayFencedOutException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * The forward half of a release: every instance of the plan driven along its {@link InstancePath} to the path's
 * target, each on its own thread as soon as the tasks it comes after are done ({@link ReleaseTasks}), each step
 * through the {@link StepLog}. Before every step the walk passes the release's {@link ReleaseControl} (a pause holds
 * it, an abort or a rollback ends it), and while it walks, every wait of its actions is gated the same way. After a
 * failure the other instances stop at their next step boundary, and the most serious failure is thrown.
 */
final class ForwardWalk {
    private final ReleaseRun run;

    ForwardWalk(ReleaseRun run) {
        this.run = run;
    }

    /**
     * Walks {@code tasks} to their end.
     *
     * @throws StepFailedException when an instance's step failed
     * @throws ReleaseControl.Interrupt when an operator aborted or rolled back the release
     */
    void walk(List<ParallelWalk.Task<InstanceWork>> tasks) {
        ParallelWalk<InstanceWork> walk = new ParallelWalk<>(
                tasks, "release-" + ReleaseRunner.shortId(run.release().id()));
        run.control().startWalking(walk::stopping);
        try {
            walk.run(w -> drive(w, walk), Comparator.comparingInt(ForwardWalk::severity));
        } finally {
            run.control().stopWalking();
        }
    }

    /**
     * How much a failure of one instance's walk matters for the release: a bug, then a lost fence (another
     * controller owns the release), then a failed step (roll back), an operator's rollback, an abort, and last a
     * walk stopped because another instance failed.
     */
    static int severity(RuntimeException e) {
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

    private void drive(InstanceWork w, ParallelWalk<InstanceWork> walk) {
        while (w.machine.step() != w.machine.path().target()) {
            run.control().betweenSteps(walk::stopping);
            InstanceStep at = w.machine.step();
            InstanceStep next = w.machine
                    .path()
                    .forward(at)
                    .orElseThrow(() -> new StepFailedException(
                            "instance " + w.machine.instanceId() + " is " + at + ", off its path"));
            run.steps().run(w, next, () -> forward(w, next), walk::stop);
        }
    }

    /** The action of an instance's forward step. */
    private String forward(InstanceWork w, InstanceStep step) {
        InstanceActions actions = run.actions();
        InstanceRecords records = run.records();
        Release release = run.release();
        InstanceActions.Target t = w.target;
        return switch (step) {
            case DRAINING -> {
                // Recorded before the member drains: what follows the store (the nonstop:/// gRPC resolver, status)
                // stops picking the instance while its drain runs.
                records.record(t.instanceId(), release.fromVersion(), RecordedInstanceState.DRAINING);
                yield actions.markDraining(t);
            }
            case DRAINED -> actions.awaitDrained(t, false);
            case STOPPED -> {
                String detail = actions.stop(t);
                records.record(t.instanceId(), release.fromVersion(), RecordedInstanceState.STOPPED);
                yield detail;
            }
            case DEPLOYED -> {
                if (w.machine.path().startsNew()) {
                    w.target = registerSurge(w);
                }
                yield actions.deploy(w.target);
            }
            case STARTED -> {
                // Recorded as soon as the new process runs, so the store never names the old version for it, also
                // while the release is paused or warming up; PENDING until it is verified, so that what follows the
                // store (the nonstop:/// gRPC resolver, status) picks it up only once it serves.
                String detail = actions.start(w.target, release.toVersion());
                records.record(w.target.instanceId(), release.toVersion(), RecordedInstanceState.PENDING);
                yield detail;
            }
            case HEALTHY -> actions.awaitHealthy(t);
            case VERIFIED -> {
                String detail = actions.verify(t);
                records.record(t.instanceId(), release.toVersion(), RecordedInstanceState.RUNNING);
                yield detail;
            }
            case WARMING -> actions.warm(t);
            case RUNNING_NEW -> {
                String detail = actions.activate(t);
                records.record(t.instanceId(), release.toVersion(), RecordedInstanceState.RUNNING);
                yield detail;
            }
            case RETIRED -> {
                String detail = actions.removeFromGateways(t);
                records.record(t.instanceId(), release.fromVersion(), RecordedInstanceState.RETIRED);
                yield detail;
            }
            default -> throw new IllegalStateException("no forward action for " + step);
        };
    }

    /** Registers the surge instance on a port its agent says is free, or finds it registered by an earlier run. */
    private InstanceActions.Target registerSurge(InstanceWork w) {
        String id = w.target.instanceId();
        Optional<Instance> registered = run.store().instance(id);
        if (registered.isPresent()) {
            return InstanceRecords.targetOf(registered.get());
        }
        int port = run.actions().freePort(w.target.host()); // free on the agent's host, not on this controller's
        Instance created = run.store()
                .createInstance(new NewInstance(
                        id,
                        run.release().app(),
                        w.target.host(),
                        port,
                        run.release().toVersion(),
                        RecordedInstanceState.PENDING,
                        Optional.of(id)));
        return InstanceRecords.targetOf(created);
    }
}
