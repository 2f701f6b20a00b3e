package dev.nonstop.spring.boot.messaging;

import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Messages a consumer is handling now, per queue (a RabbitMQ queue, a Kafka topic, a RocketMQ
 * topic): {@link #enter} when the listener gets one, {@link #exit} once the listener has returned.
 * Thread-safe; {@link #total()} is exact when read.
 */
public final class InHand {

    private final String unit;
    private final AtomicLong total = new AtomicLong();
    private final Map<String, AtomicLong> byQueue = new ConcurrentHashMap<>();

    /** @param unit what is counted, for {@link #describe()}: {@code message(s)}, {@code record(s)} */
    public InHand(String unit) {
        this.unit = unit;
    }

    public void enter(String queue, int count) {
        byQueue.computeIfAbsent(name(queue), q -> new AtomicLong()).addAndGet(count);
        total.addAndGet(count);
    }

    public void exit(String queue, int count) {
        total.addAndGet(-count);
        byQueue.computeIfAbsent(name(queue), q -> new AtomicLong()).addAndGet(-count);
    }

    public long total() {
        return total.get();
    }

    /** Such as {@code "0 message(s) in hand"} or {@code "2 message(s) in hand on queue orders"}. */
    public String describe(String queueWord) {
        long now = total.get();
        if (now == 0) {
            return "0 " + unit + " in hand";
        }
        Map<String, Long> busy = new TreeMap<>();
        byQueue.forEach((queue, count) -> {
            long n = count.get();
            if (n > 0) {
                busy.put(queue, n);
            }
        });
        StringJoiner on = new StringJoiner(", ", " on " + queueWord + " ", "");
        on.setEmptyValue("");
        busy.forEach((queue, n) -> on.add(busy.size() == 1 ? queue : queue + " (" + n + ")"));
        return now + " " + unit + " in hand" + on;
    }

    private static String name(String queue) {
        return queue == null || queue.isEmpty() ? "?" : queue;
    }
}
