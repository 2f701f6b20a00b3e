package dev.nonstop.coordination.contract;

import static org.junit.jupiter.api.Assertions.fail;

/** Fails a real-server test with a message that says what to start, instead of skipping it. */
public final class StoreAvailability {

    /** A check that throws when the store does not answer. */
    @FunctionalInterface
    public interface Probe {
        void run() throws Exception;
    }

    private StoreAvailability() {}

    public static void require(String store, String howToFix, Probe probe) {
        try {
            probe.run();
        } catch (Exception e) {
            fail(store + " is unreachable (" + e + "). " + howToFix, e);
        }
    }
}
