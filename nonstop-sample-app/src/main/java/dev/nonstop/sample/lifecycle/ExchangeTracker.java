package dev.nonstop.sample.lifecycle;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The HTTP server's executor, counting the exchanges it runs. The JDK server hands each exchange
 * to its executor as soon as a request arrives and the task ends after the response has been
 * written, so a count of zero means no request is anywhere between the socket and its answer.
 */
public final class ExchangeTracker implements Executor {

    private final Executor delegate;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int running;

    public ExchangeTracker(Executor delegate) {
        this.delegate = delegate;
    }

    @Override
    public void execute(Runnable exchange) {
        change(+1);
        try {
            delegate.execute(() -> {
                try {
                    exchange.run();
                } finally {
                    change(-1);
                }
            });
        } catch (RuntimeException e) {
            change(-1);
            throw e;
        }
    }

    public int running() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until no exchange runs.
     *
     * @return whether that happened within {@code timeout}
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (running > 0) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = idle.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void change(int delta) {
        lock.lock();
        try {
            running += delta;
            if (running == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whole seconds covering {@code timeout}, as {@code HttpServer.stop} wants them. */
    static int ceilSeconds(Duration timeout) {
        return (int) Math.min(Integer.MAX_VALUE, TimeUnit.MILLISECONDS.toSeconds(timeout.toMillis() + 999));
    }
}
