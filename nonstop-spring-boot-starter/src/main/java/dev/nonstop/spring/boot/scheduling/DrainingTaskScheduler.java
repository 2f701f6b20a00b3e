package dev.nonstop.spring.boot.scheduling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;

/**
 * The {@link TaskScheduler} the {@code @Scheduled} methods are given: the app's own scheduler,
 * with every run passing the {@link ScheduledJobs} gate. Only the methods Spring's scheduling uses
 * on both Spring 6 and 7 are implemented (the {@code Date}/{@code long} ones are defaults there).
 */
final class DrainingTaskScheduler implements TaskScheduler {

    private final TaskScheduler delegate;
    private final ScheduledJobs jobs;

    DrainingTaskScheduler(TaskScheduler delegate, ScheduledJobs jobs) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
    }

    TaskScheduler delegate() {
        return delegate;
    }

    private Runnable guard(Runnable task) {
        // Spring's task runnables print the scheduled method (Class.method) as their toString.
        return jobs.guard(String.valueOf(task), task);
    }

    @Override
    public Clock getClock() {
        return delegate.getClock();
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
        return delegate.schedule(guard(task), trigger);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
        return delegate.schedule(guard(task), startTime);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
        return delegate.scheduleAtFixedRate(guard(task), startTime, period);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
        return delegate.scheduleAtFixedRate(guard(task), period);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
        return delegate.scheduleWithFixedDelay(guard(task), startTime, delay);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
        return delegate.scheduleWithFixedDelay(guard(task), delay);
    }

    @Override
    public String toString() {
        return "DrainingTaskScheduler[" + delegate + "]";
    }
}
