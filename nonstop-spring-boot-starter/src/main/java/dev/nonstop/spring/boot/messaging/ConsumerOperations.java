package dev.nonstop.spring.boot.messaging;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs the stops and starts of consumers on threads of its own, so that a drain returns at once,
 * one after the other for the same consumer (a resume right after a drain starts the consumer
 * once it has stopped) and side by side for different ones. An operation answers a future that
 * completes when the consumer has really stopped or started.
 */
public final class ConsumerOperations {

    private static final Log LOG = LogFactory.getLog(ConsumerOperations.class);

    private final ExecutorService executor;
    private final Map<Object, CompletableFuture<?>> last = Collections.synchronizedMap(new IdentityHashMap<>());

    /** @param threadName the name of the threads, such as {@code nonstop-rabbitmq} */
    public ConsumerOperations(String threadName) {
        AtomicInteger number = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, threadName + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs {@code operation} on {@code consumer} once the operations submitted before for it have finished. */
    public void submit(Object consumer, String what, Supplier<CompletableFuture<?>> operation) {
        synchronized (last) {
            CompletableFuture<?> previous = last.getOrDefault(consumer, CompletableFuture.completedFuture(null));
            CompletableFuture<?> next = previous.handle((result, failure) -> null)
                    .thenComposeAsync(ignored -> operation.get(), executor)
                    .whenComplete((result, failure) -> {
                        if (failure != null) {
                            LOG.warn("nonstop: " + what + " of " + consumer + " failed", failure);
                        }
                    });
            last.put(consumer, next);
        }
    }

    /** Runs a blocking {@code operation}, such as a stop that returns once the consumer has stopped. */
    public void submitBlocking(Object consumer, String what, Runnable operation) {
        submit(consumer, what, () -> {
            operation.run();
            return CompletableFuture.completedFuture(null);
        });
    }

    /** How many consumers have an operation not finished yet. */
    public int pending() {
        synchronized (last) {
            return (int) last.values().stream().filter(f -> !f.isDone()).count();
        }
    }

    /** Whether {@code consumer} has an operation not finished yet. */
    public boolean pending(Object consumer) {
        CompletableFuture<?> future = last.get(consumer);
        return future != null && !future.isDone();
    }

    public void shutdown() {
        executor.shutdown();
    }
}
