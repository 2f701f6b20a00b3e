package dev.nonstop.controller.runner;

import dev.nonstop.controller.release.state.InstanceMachine;
import dev.nonstop.controller.release.state.InstanceStep;
import dev.nonstop.controller.release.state.ReleaseState;
import dev.nonstop.controller.store.RecordedInstanceState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a release that does not succeed settles. A rollback puts every touched instance back with the same machinery
 * as the forward walk (drain, stop, start the old version, readiness, back to ACTIVE at full weight; a surge instance
 * is removed), the failed instance first and then the last touched first, each as its {@code ROLLING_BACK} and
 * {@code ROLLED_BACK} steps; a rollback that fails leaves the release {@code FAILED}. An abort leaves the instances
 * where they are, except that an old process being drained gets its traffic back. Either way each touched
 * instance's record then says what its agent reports running.
 */
final class ReleaseRollback {
    private static final Logger log = LoggerFactory.getLogger(ReleaseRollback.class);

    private final ReleaseRun run;

    ReleaseRollback(ReleaseRun run) {
        this.run = run;
    }

    /**
     * ROLLING_BACK -> ROLLED_BACK once every touched instance is back on the old version.
     *
     * @return {@code ROLLED_BACK}, or {@code FAILED} when an instance could not be put back
     */
    ReleaseState rollBack(List<InstanceWork> work) {
        return rollBack(work, () -> {});
    }

    /**
     * As {@link #rollBack(List)}, running {@code thenRestore} once every instance is back and before the release is
     * ROLLED_BACK (a gray release's routing cleared); a {@link StepFailedException} from it fails the release.
     */
    ReleaseState rollBack(List<InstanceWork> work, Runnable thenRestore) {
        List<InstanceWork> touched = new ArrayList<>(work);
        Collections.reverse(touched);
        // The failed instance is out of rotation already: put it back first.
        touched.sort((a, b) ->
                Boolean.compare(b.machine.step() == InstanceStep.FAILED, a.machine.step() == InstanceStep.FAILED));
        try {
            for (InstanceWork w : touched) {
                rollBackOne(w, "from " + w.machine.step());
            }
            thenRestore.run();
        } catch (StepFailedException e) {
            return failed(work, "rollback", "rollback failed: ", e);
        }
        run.records().recordWhatRuns(work);
        run.control().moveTo(ReleaseState.ROLLED_BACK, null);
        log.info("release {}: ROLLED_BACK", run.release().id());
        return ReleaseState.ROLLED_BACK;
    }

    /**
     * ABORTING -> ABORTED once no instance thread runs a step any more: the instances stay where they are, except
     * that an old process being drained (not stopped yet) is given its traffic back, and every touched instance's
     * record says what its agent reports running. An operator's rollback that came first rolls back instead.
     *
     * @return {@code ABORTED}; {@code FAILED} when a drained instance could not be put back; what a rollback
     *     returns, or the state an operator moved the release to, when the abort came second
     */
    ReleaseState settleAbort(List<InstanceWork> work) {
        try {
            for (InstanceWork w : work) {
                if (wasDraining(w)) {
                    rollBackOne(w, "the release was aborted while the old process drained");
                }
            }
        } catch (StepFailedException e) {
            return failed(work, "abort", "abort: a drained instance could not be put back: ", e);
        }
        run.records().recordWhatRuns(work);
        if (run.control().moveIfStill(ReleaseState.ABORTING, ReleaseState.ABORTED)) {
            log.info("release {}: ABORTED", run.release().id());
            return ReleaseState.ABORTED;
        }
        ReleaseState now = run.control().current();
        return now == ReleaseState.ROLLING_BACK ? rollBack(work) : now;
    }

    /** The release FAILED because {@code what} could not put an instance back: recorded with {@code error + e}. */
    private ReleaseState failed(List<InstanceWork> work, String what, String error, StepFailedException e) {
        run.records().recordWhatRuns(work);
        run.control().moveTo(ReleaseState.FAILED, error + e.getMessage());
        log.error("release {}: {} FAILED: {}", run.release().id(), what, e.getMessage());
        return ReleaseState.FAILED;
    }

    /**
     * Whether the instance's old process was taken out of rotation and not stopped yet: it drains, is drained, or
     * its drain was cut short (by an abort, or failed).
     */
    private boolean wasDraining(InstanceWork w) {
        InstanceMachine m = w.machine;
        if (m.path().startsNew()) {
            return false;
        }
        if (m.step() == InstanceStep.DRAINING || m.step() == InstanceStep.DRAINED) {
            return true;
        }
        if (m.step() != InstanceStep.FAILED) {
            return false;
        }
        return run.store()
                .lastStep(run.release().id(), m.instanceId())
                .map(r -> r.step() == InstanceStep.DRAINING || r.step() == InstanceStep.DRAINED)
                .orElse(false);
    }

    /** Rolls one touched instance back, recorded as its ROLLING_BACK and ROLLED_BACK steps; untouched: nothing. */
    private void rollBackOne(InstanceWork w, String why) {
        InstanceMachine m = w.machine;
        if (!w.touched() || m.step() == InstanceStep.ROLLED_BACK) {
            return;
        }
        if (m.step() != InstanceStep.ROLLING_BACK) {
            run.steps().pass(m, InstanceStep.ROLLING_BACK, why);
        }
        if (m.path().startsNew() && w.target.port() == 0) {
            w.target = run.store()
                    .instance(w.target.instanceId())
                    .map(InstanceRecords::targetOf)
                    .orElse(null);
        }
        run.steps().run(w, InstanceStep.ROLLED_BACK, () -> putBack(w));
    }

    /** The action of an instance's ROLLED_BACK step. */
    private String putBack(InstanceWork w) {
        InstanceActions.Target t = w.target;
        if (w.machine.path().startsNew()) {
            if (t == null) {
                return "never registered";
            }
            String detail = run.actions().rollBackSurge(t);
            run.records().record(t.instanceId(), run.release().toVersion(), RecordedInstanceState.RETIRED);
            return detail;
        }
        String detail = run.actions().rollBackInPlace(t);
        run.records().record(t.instanceId(), run.release().fromVersion(), RecordedInstanceState.RUNNING);
        return detail;
    }
}
