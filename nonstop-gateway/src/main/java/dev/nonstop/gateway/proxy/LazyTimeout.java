package dev.nonstop.gateway.proxy;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import java.util.concurrent.TimeUnit;

/**
 * A timeout that is armed and disarmed for every request without scheduling a task each time: one
 * task per connection stays scheduled and, when it runs, either fires, reschedules itself for the
 * current deadline, or lets itself lapse when disarmed. Arming costs one clock read (the executor's ticker, so tests can move time), so
 * keep-alive connections serving thousands of requests a second do not churn the scheduler.
 * Confined to one event loop.
 */
final class LazyTimeout {
    private final EventExecutor executor;
    private final Ticker ticker;
    private final Runnable onTimeout;
    private long deadline;
    private boolean armed;
    private ScheduledFuture<?> task;
    private long taskDeadline;

    LazyTimeout(EventExecutor executor, Runnable onTimeout) {
        this.executor = executor;
        this.ticker = executor.ticker();
        this.onTimeout = onTimeout;
    }

    void arm(long timeoutNanos) {
        deadline = ticker.nanoTime() + timeoutNanos;
        armed = true;
        if (task != null && deadline - taskDeadline < 0) {
            // Sooner than the task already scheduled (a short timeout after a long one).
            task.cancel(false);
            task = null;
        }
        if (task == null) {
            schedule(timeoutNanos);
        }
    }

    private void schedule(long delayNanos) {
        taskDeadline = deadline;
        task = executor.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
    }

    void disarm() {
        armed = false;
    }

    boolean armed() {
        return armed;
    }

    /** Disarms and cancels the scheduled task; for when the connection closes. */
    void cancel() {
        armed = false;
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    private void check() {
        task = null;
        if (!armed) {
            return;
        }
        long remaining = deadline - ticker.nanoTime();
        if (remaining > 0) {
            schedule(remaining);
            return;
        }
        armed = false;
        onTimeout.run();
    }
}
