package dev.nonstop.cli.demo;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs {@code action} with the numbers 1, 2, 3 ... at a steady {@code rate} on its own thread, until stopped, or
 * {@code maxCount} or {@code maxDuration} is reached: the demo's bounded background traffic. Counts the calls and
 * those that threw, keeping the first failure's message.
 */
final class PacedLoop implements AutoCloseable {

    /** One step of the traffic. */
    interface Action {
        void run(long n) throws Exception;
    }

    private final Thread thread;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private volatile boolean stopped;

    PacedLoop(String name, double rate, long maxCount, Duration maxDuration, Action action) {
        long intervalNanos = (long) (1e9 / rate);
        thread = new Thread(
                () -> {
                    long start = System.nanoTime();
                    long deadline = start + maxDuration.toNanos();
                    for (long n = 1; n <= maxCount && !stopped; n++) {
                        long due = start + (n - 1) * intervalNanos;
                        long now = System.nanoTime();
                        if (now >= deadline) {
                            break;
                        }
                        if (due > now) {
                            try {
                                TimeUnit.NANOSECONDS.sleep(due - now); // pacing, not waiting for a condition
                            } catch (InterruptedException e) {
                                break;
                            }
                        }
                        calls.incrementAndGet();
                        try {
                            action.run(n);
                        } catch (InterruptedException e) {
                            failed(e);
                            break;
                        } catch (Exception e) {
                            failed(e);
                        }
                    }
                },
                name);
        thread.setDaemon(true);
    }

    PacedLoop start() {
        thread.start();
        return this;
    }

    private void failed(Exception e) {
        failures.incrementAndGet();
        firstFailure.compareAndSet(null, e.toString());
    }

    long calls() {
        return calls.get();
    }

    long failures() {
        return failures.get();
    }

    /** The first failure's message, or null. */
    String firstFailure() {
        return firstFailure.get();
    }

    /** Stops after the step in progress and waits for it. */
    void stop() throws InterruptedException {
        stopped = true;
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
