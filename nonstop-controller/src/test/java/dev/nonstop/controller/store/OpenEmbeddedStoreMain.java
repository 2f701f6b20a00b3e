package dev.nonstop.controller.store;

import java.nio.file.Path;

/**
 * A second process for {@link EmbeddedH2IntegrationTest}: opens the embedded store in the directory given as its
 * argument and exits 0, or prints why it cannot to stderr and exits 1.
 */
final class OpenEmbeddedStoreMain {
    private OpenEmbeddedStoreMain() {}

    public static void main(String[] args) {
        try (ControllerStore store = ControllerStore.h2(Path.of(args[0]))) {
            System.out.println("opened; apps: " + store.apps().size());
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }
}
