package dev.nonstop.controller.runner;

import dev.nonstop.controller.release.spec.ReleaseSpec;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.controller.store.Release;
import dev.nonstop.controller.store.ReleaseFence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * For the runner's unit tests: an in-memory controller store holding the app {@code shop} and one release of it, v1
 * to v2 (its artifact a file in {@code dir}), claimed by {@code controller-a} with fencing token 1.
 */
final class ClaimedRelease implements AutoCloseable {
    final ControllerStore store;
    final Release release;
    final ReleaseFence fence;

    /** @param registered registers what the test needs in the store (instances) before the release is created */
    ClaimedRelease(Path dir, Consumer<ControllerStore> registered) throws IOException {
        store = ControllerStore.jdbc("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        store.createApp("shop");
        registered.accept(store);
        Path jar = Files.writeString(dir.resolve("shop-v2.jar"), "jar");
        release = store.createRelease(ReleaseSpec.builder("shop", "v2", jar).build(), "v1");
        fence = store.claimRelease(release.id(), "controller-a", 1);
    }

    @Override
    public void close() {
        store.close();
    }
}
