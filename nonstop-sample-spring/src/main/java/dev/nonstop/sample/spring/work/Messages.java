package dev.nonstop.sample.spring.work;

import java.time.Duration;

/** Processing one message: the configured work ({@code sample.messages.work}), then a row in the ledger. */
final class Messages {
    private Messages() {}

    static void process(Ledger ledger, String broker, String id, String instance, Duration work) {
        if (!work.isZero()) {
            try {
                Thread.sleep(work.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while processing " + id, e);
            }
        }
        ledger.processed(broker, id, instance);
    }
}
