package dev.nonstop.controller.runner;

import dev.nonstop.common.fencing.StaleFencingTokenException;
import dev.nonstop.controller.release.state.InstanceMachine;
import dev.nonstop.controller.release.state.InstanceStep;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.ControllerStoreException;
import dev.nonstop.controller.store.ReleaseFence;
import dev.nonstop.gateway.contract.client.GatewayFencedOutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an instance's steps through the release's step log, under the runner's fence: a step is recorded {@code
 * STARTED} before its action runs and {@code DONE} (then the instance's machine moves) or {@code FAILED} after. The
 * log is what a controller taking the release over resumes from ({@link ResumedMachines}), so every action run here
 * must be idempotent.
 *
 * <p>A lost fence or a failed store write is passed on unrecorded (the release is abandoned); so is this controller
 * stopping (an interrupt), which is no verdict on the instance. A wait cut short by an operator's command ({@link
 * ReleaseControl.Interrupt}) and any other failure are recorded {@code FAILED}, and the machine moves to {@code
 * FAILED}.
 */
final class StepLog {
    private static final Logger log = LoggerFactory.getLogger(StepLog.class);

    private final ControllerStore store;
    private final ReleaseFence fence;
    private final Clock clock;

    StepLog(ControllerStore store, ReleaseFence fence, Clock clock) {
        this.store = store;
        this.fence = fence;
        this.clock = clock;
    }

    /** Runs {@code step} of a rollback or an abort, where no sibling walk is to be told of a failure. */
    void run(InstanceWork w, InstanceStep step, Supplier<String> action) {
        run(w, step, action, () -> {});
    }

    /**
     * Records {@code step} STARTED, runs {@code action}, records DONE with the action's detail and moves the machine;
     * or records FAILED and throws.
     *
     * @param failing called at once when the action failed, before the failure is recorded: the other instances of
     *     the walk stop at their next step boundary from then on
     * @throws StepFailedException when the action failed
     * @throws ReleaseControl.Interrupt when an operator's command (or a failed sibling) cut a wait of the action short
     */
    void run(InstanceWork w, InstanceStep step, Supplier<String> action, Runnable failing) {
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
            log.info("release {}: instance {} step {} {}", fence.releaseId(), id, step, why);
            store.recordStepFailed(fence, id, step, why);
            markFailed(w.machine, step, why);
            throw e;
        } catch (RuntimeException e) {
            if (e instanceof CancellationException || Thread.currentThread().isInterrupted()) {
                // stopped from outside (this controller shuts down), not a verdict on the instance: not recorded
                throw e instanceof CancellationException c
                        ? c
                        : (CancellationException) new CancellationException("interrupted in step " + step).initCause(e);
            }
            failing.run();
            String why = e instanceof StepFailedException ? e.getMessage() : e.toString();
            log.warn("release {}: instance {} step {} failed: {}", fence.releaseId(), id, step, why);
            store.recordStepFailed(fence, id, step, why);
            markFailed(w.machine, step, why);
            throw e instanceof StepFailedException s ? s : new StepFailedException(why, e);
        }
        store.recordStepDone(fence, id, step, detail);
        log.info("release {}: instance {} {}: {}", fence.releaseId(), id, step, detail);
        w.machine.transitionTo(step, detail);
    }

    /**
     * Runs {@code step} of a row that is not an instance (a gray release's traffic step, {@code traffic@<n>}):
     * recorded STARTED, then DONE with the action's detail, or FAILED with the failure's message.
     *
     * @return the action's detail
     * @throws StepFailedException when the action failed
     * @throws ReleaseControl.Interrupt when an operator's command cut a wait of the action short
     */
    String runRow(String row, InstanceStep step, Supplier<String> action) {
        store.recordStepStarted(fence, row, step, "");
        Instant started = clock.instant();
        String detail;
        try {
            detail = action.get();
        } catch (ControllerStoreException | GatewayFencedOutException | StaleFencingTokenException e) {
            throw e;
        } catch (ReleaseControl.Interrupt e) {
            String why = "stopped after "
                    + Duration.between(started, clock.instant()).toMillis() + " ms by " + e.getMessage();
            store.recordStepFailed(fence, row, step, why);
            throw e;
        } catch (RuntimeException e) {
            if (e instanceof CancellationException || Thread.currentThread().isInterrupted()) {
                throw e instanceof CancellationException c
                        ? c
                        : (CancellationException) new CancellationException("interrupted in step " + step).initCause(e);
            }
            String why = e instanceof StepFailedException ? e.getMessage() : e.toString();
            log.warn("release {}: {} {} failed: {}", fence.releaseId(), row, step, why);
            store.recordStepFailed(fence, row, step, why);
            throw e instanceof StepFailedException sf ? sf : new StepFailedException(why, e);
        }
        store.recordStepDone(fence, row, step, detail);
        log.info("release {}: {} {}: {}", fence.releaseId(), row, step, detail);
        return detail;
    }

    /** Records {@code step}, which has no action of its own, STARTED and DONE with {@code detail}; moves the machine. */
    void pass(InstanceMachine m, InstanceStep step, String detail) {
        store.recordStepStarted(fence, m.instanceId(), step, "");
        store.recordStepDone(fence, m.instanceId(), step, detail);
        m.transitionTo(step, detail);
    }

    private static void markFailed(InstanceMachine m, InstanceStep step, String why) {
        if (m.path().allows(m.step(), InstanceStep.FAILED)) {
            m.transitionTo(InstanceStep.FAILED, why);
        } else if (m.step() == m.path().initial()) {
            // the first move failed part-way: the instance is touched
            m.transitionTo(step, "partly");
            m.transitionTo(InstanceStep.FAILED, why);
        }
    }
}
