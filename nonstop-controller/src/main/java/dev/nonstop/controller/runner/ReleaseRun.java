package dev.nonstop.controller.runner;

import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.Release;

/**
 * What one run of a release works with, once its runner has read the release: the release as stored when the run
 * began, the store, the actions on its instances, the records of those instances, the release's own state and the
 * step log. The {@link ForwardWalk} and the {@link ReleaseRollback} of the run share it.
 */
record ReleaseRun(
        Release release,
        ControllerStore store,
        InstanceActions actions,
        InstanceRecords records,
        ReleaseControl control,
        StepLog steps) {}
