package dev.nonstop.spring.boot.messaging;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the test apps' consumers did, shared by the apps and the test (they run in one JVM): every
 * message processed, by which instance, how many times. A message {@code stuck-...} blocks its
 * listener until {@link #release()}.
 */
public final class Ledger {

    private static volatile Ledger current = new Ledger();

    private final Set<Long> published = new ConcurrentSkipListSet<>();
    private final Map<Long, AtomicInteger> processed = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> byInstance = new ConcurrentHashMap<>();
    private final CountDownLatch stuck = new CountDownLatch(1);
    private final AtomicInteger stuckNow = new AtomicInteger();

    /** A new ledger for the next test. */
    public static Ledger reset() {
        current.release();
        current = new Ledger();
        return current;
    }

    public static Ledger current() {
        return current;
    }

    /** Called by a test app's listener with the message body. */
    public static void handle(String instance, String body, long workMillis) {
        Ledger ledger = current;
        if (body.startsWith("stuck")) {
            ledger.stuckNow.incrementAndGet();
            try {
                ledger.stuck.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                ledger.stuckNow.decrementAndGet();
            }
            return;
        }
        if (workMillis > 0) {
            try {
                Thread.sleep(workMillis); // the app's work on the message
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long id = Long.parseLong(body.substring(body.indexOf('-') + 1));
        ledger.processed.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        ledger.byInstance.computeIfAbsent(instance, k -> new AtomicLong()).incrementAndGet();
    }

    public void published(long id) {
        published.add(id);
    }

    public int publishedCount() {
        return published.size();
    }

    public int processedCount() {
        return processed.size();
    }

    public long processedBy(String instance) {
        AtomicLong count = byInstance.get(instance);
        return count == null ? 0 : count.get();
    }

    public Map<String, AtomicLong> byInstance() {
        return byInstance;
    }

    public boolean allProcessed() {
        return processed.keySet().containsAll(published);
    }

    public long lost() {
        return published.stream().filter(id -> !processed.containsKey(id)).count();
    }

    /** Deliveries beyond the first, summed over the messages. */
    public long duplicates() {
        return processed.values().stream().mapToLong(c -> c.get() - 1L).sum();
    }

    public int stuckNow() {
        return stuckNow.get();
    }

    public void release() {
        stuck.countDown();
    }
}
