package dev.nonstop.spring.boot.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nonstop.spring.boot.apps.RunningApp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;

/**
 * A rolling release of 3 consumer instances under load: a publisher sends messages all along;
 * instance after instance is drained through {@code POST /nonstop/drain} (with the token), waited
 * for until its status says idle, closed and replaced by a new one. Then every message published
 * must have been processed. Prints the figures.
 */
public final class RollingRelease {

    /** What one release measured. */
    public record Figures(
            String broker, int published, int processed, long lost, long duplicates, List<Long> drainMillis) {

        @Override
        public String toString() {
            return "FIGURES " + broker + ": instances=3 rolled=3 published=" + published + " processed=" + processed
                    + " lost=" + lost + " duplicated=" + duplicates + " drain-ms(per instance)=" + drainMillis;
        }
    }

    private RollingRelease() {}

    /**
     * @param start starts instance number {@code n} (0, 1, 2 first, then 3, 4, 5 as replacements)
     * @param publish publishes message {@code id} (body {@code m-<id>}), returning once the broker has it
     */
    public static Figures run(String broker, String participant, IntFunction<RunningApp> start, LongConsumer publish) {
        Ledger ledger = Ledger.current();
        List<RunningApp> instances = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            instances.add(start.apply(n));
        }
        AtomicBoolean publishing = new AtomicBoolean(true);
        Thread publisher = new Thread(
                () -> {
                    long id = 0;
                    while (publishing.get()) {
                        publish.accept(id);
                        ledger.published(id);
                        id++;
                        try {
                            Thread.sleep(2); // the pace of the load, not a wait for a condition
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "publisher-" + broker);
        List<Long> drainMillis = new ArrayList<>();
        publisher.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> ledger.processedCount() >= 100);
            for (int n = 0; n < 3; n++) {
                RunningApp old = instances.get(n);
                long started = System.nanoTime();
                HttpResponse<String> drain = old.nonstop("POST", "/nonstop/drain");
                assertThat(drain.statusCode()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(10))
                        .until(() -> old.nonstop("GET", "/nonstop/status")
                                .body()
                                .contains("\"draining\":true,\"idle\":true"));
                long millis = (System.nanoTime() - started) / 1_000_000;
                drainMillis.add(millis);
                String status = old.nonstop("GET", "/nonstop/status").body();
                assertThat(status).contains("{\"name\":\"" + participant + "\",\"idle\":true,\"inFlight\":0,");
                System.out.println("drained instance " + n + " (" + participant + ") in " + millis + " ms: " + status);
                old.close();
                RunningApp fresh = start.apply(3 + n);
                instances.set(n, fresh);
                int before = ledger.processedCount();
                await().atMost(Duration.ofSeconds(20)).until(() -> ledger.processedCount() >= before + 100);
            }
        } finally {
            publishing.set(false);
            try {
                publisher.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            // Returns as soon as every message is in; the bound covers a broker that hands a queue over on its
            // periodic rebalance (RocketMQ: every 20 s) on a machine loaded by the rest of the suite.
            await().atMost(Duration.ofSeconds(60)).until(ledger::allProcessed);
        } catch (RuntimeException e) {
            // Reported by the assertion below with the figures.
        } finally {
            instances.forEach(RunningApp::close);
        }
        Figures figures = new Figures(
                broker,
                ledger.publishedCount(),
                ledger.processedCount(),
                ledger.lost(),
                ledger.duplicates(),
                drainMillis);
        System.out.println(figures + " by instance " + ledger.byInstance());
        assertThat(figures.lost()).as(figures.toString()).isZero();
        return figures;
    }
}
