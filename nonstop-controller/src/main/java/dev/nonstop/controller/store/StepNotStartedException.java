package dev.nonstop.controller.store;

import dev.nonstop.controller.release.state.InstanceStep;

/** A step finished (done or failed) that is not the instance's last started step. */
public final class StepNotStartedException extends ControllerStoreException {

    public StepNotStartedException(String releaseId, String instanceId, InstanceStep step, String last) {
        super("release " + releaseId + ", instance " + instanceId + ": step " + step
                + " is not in progress (last recorded: " + last + ")");
    }
}
