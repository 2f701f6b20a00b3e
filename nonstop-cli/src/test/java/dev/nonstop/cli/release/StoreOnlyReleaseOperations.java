package dev.nonstop.cli.release;

import dev.nonstop.controller.api.ReleaseConflictException;
import dev.nonstop.controller.api.ReleaseOperations;
import dev.nonstop.controller.release.spec.ReleaseSpec;
import dev.nonstop.controller.release.state.ReleaseCommand;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.Release;

/**
 * {@link ReleaseOperations} on the store alone: records the release and applies commands, runs nothing. The tests
 * play the runner themselves, moving the release in the store and publishing its events.
 */
final class StoreOnlyReleaseOperations implements ReleaseOperations {
    private final ControllerStore store;

    StoreOnlyReleaseOperations(ControllerStore store) {
        this.store = store;
    }

    @Override
    public Release start(ReleaseSpec spec) {
        store.releases(spec.app()).stream()
                .filter(r -> r.state().needsOwner())
                .findFirst()
                .ifPresent(running -> {
                    throw new ReleaseConflictException(running);
                });
        String from = store.instances(spec.app()).stream()
                .map(i -> i.version())
                .findFirst()
                .orElse("none");
        return store.createRelease(spec, from);
    }

    @Override
    public Release apply(String releaseId, ReleaseCommand command) {
        return store.applyCommand(releaseId, command);
    }
}
