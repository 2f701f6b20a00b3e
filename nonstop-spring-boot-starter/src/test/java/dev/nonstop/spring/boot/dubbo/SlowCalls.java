package dev.nonstop.spring.boot.dubbo;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Holds the providers' {@code slow} calls until the test releases them (at most 30 s). */
public final class SlowCalls {

    private static volatile CountDownLatch gate = new CountDownLatch(1);
    private static final AtomicInteger running = new AtomicInteger();

    private SlowCalls() {}

    public static void reset() {
        gate.countDown();
        gate = new CountDownLatch(1);
    }

    public static int running() {
        return running.get();
    }

    public static void release() {
        gate.countDown();
    }

    public static void hold() {
        CountDownLatch current = gate;
        running.incrementAndGet();
        try {
            current.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running.decrementAndGet();
        }
    }
}
