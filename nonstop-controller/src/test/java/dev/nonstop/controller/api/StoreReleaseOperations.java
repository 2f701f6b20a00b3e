package dev.nonstop.controller.api;

import dev.nonstop.controller.release.spec.ReleaseSpec;
import dev.nonstop.controller.release.state.ReleaseCommand;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.Instance;
import dev.nonstop.controller.store.Release;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@link ReleaseOperations} on the store alone, for the API's tests: creates the release and applies commands; runs
 * nothing. The release runner is the real implementation.
 */
final class StoreReleaseOperations implements ReleaseOperations {
    private final ControllerStore store;

    StoreReleaseOperations(ControllerStore store) {
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
        Map<String, Long> versions = store.instances(spec.app()).stream()
                .collect(Collectors.groupingBy(Instance::version, Collectors.counting()));
        String from = versions.entrySet().stream()
                .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .orElse("none");
        return store.createRelease(spec, from);
    }

    @Override
    public Release apply(String releaseId, ReleaseCommand command) {
        return store.applyCommand(releaseId, command);
    }
}
