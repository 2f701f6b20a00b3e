package dev.nonstop.controller.runner;

import dev.nonstop.controller.release.state.InstanceMachine;
import dev.nonstop.controller.release.state.InstancePath;
import dev.nonstop.controller.release.state.InstanceStep;
import dev.nonstop.controller.release.state.InstanceTransitionListener;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.StepRecord;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instances of a release where its step log left them, so that a runner built on a release another controller
 * started resumes it: an instance with no recorded step starts at its path's first step; after a {@code DONE} step it
 * is at that step; after a {@code STARTED} one it is at the step before, so the started step runs again; after a
 * {@code FAILED} one it is {@code FAILED}, and the release rolls back.
 */
final class ResumedMachines {
    private static final Logger log = LoggerFactory.getLogger(ResumedMachines.class);

    private final ControllerStore store;
    private final String releaseId;
    private final Clock clock;
    private final List<InstanceTransitionListener> listeners;

    ResumedMachines(ControllerStore store, String releaseId, Clock clock, List<InstanceTransitionListener> listeners) {
        this.store = store;
        this.releaseId = releaseId;
        this.clock = clock;
        this.listeners = List.copyOf(listeners);
    }

    /** The machine of instance {@code id} on {@code path}, where the step log left it, telling the listeners. */
    InstanceMachine machine(String id, InstancePath path) {
        Optional<StepRecord> last = store.lastStep(releaseId, id);
        InstanceMachine machine;
        if (last.isEmpty()) {
            machine = InstanceMachine.start(releaseId, id, path, clock);
        } else {
            StepRecord r = last.get();
            InstanceStep at =
                    switch (r.status()) {
                        case DONE -> r.step();
                        case FAILED -> InstanceStep.FAILED;
                        case STARTED -> before(path, r.step());
                    };
            machine = InstanceMachine.resume(releaseId, id, path, at, clock);
            log.info(
                    "release {}: instance {} resumes at {} (last recorded: {} {})",
                    releaseId,
                    id,
                    at,
                    r.step(),
                    r.status());
        }
        listeners.forEach(machine::addListener);
        return machine;
    }

    /** The step an instance is in while {@code started} runs. */
    static InstanceStep before(InstancePath path, InstanceStep started) {
        int i = path.forwardSteps().indexOf(started);
        if (i > 0) {
            return path.forwardSteps().get(i - 1);
        }
        // ROLLING_BACK or ROLLED_BACK in progress: the rollback runs again
        return InstanceStep.ROLLING_BACK;
    }
}
