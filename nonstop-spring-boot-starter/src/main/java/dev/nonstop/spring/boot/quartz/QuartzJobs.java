package dev.nonstop.spring.boot.quartz;

import dev.nonstop.app.DrainParticipant;
import dev.nonstop.app.ParticipantStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobListener;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

/**
 * The {@code quartz} participant: drains the app's Quartz {@link Scheduler}s by putting them in
 * standby, and counts the jobs running on them with a {@link JobListener}.
 *
 * <p>Standby stops a scheduler from acquiring triggers and makes it hand back the ones it acquired
 * already, except one due in the next few tens of milliseconds (Quartz fires a trigger that close
 * to its fire time rather than release it). So for {@link #settle} after the drain the participant
 * stays busy ("standing by"): such a late run is counted before the participant can report idle,
 * and waited for like the others. On resume the schedulers this participant put in standby start
 * again; a scheduler the app itself held in standby stays so.
 */
public final class QuartzJobs implements DrainParticipant {

    /** The participant name in the status. */
    public static final String NAME = "quartz";

    /** The name of the job listener added to each scheduler. */
    public static final String LISTENER = "nonstop-drain";

    private final List<Scheduler> schedulers;
    private final long settleNanos;
    private final Map<String, String> running = new ConcurrentHashMap<>();
    private final AtomicLong startedWhileDrained = new AtomicLong();
    private final Set<Scheduler> standingBy = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;
    private volatile long drainedAtNanos;

    /**
     * @param schedulers the schedulers to drain; a job listener is added to each now
     * @param settle how long after the drain the participant stays busy, for a run Quartz fires late
     */
    public QuartzJobs(List<Scheduler> schedulers, Duration settle) {
        this.schedulers = List.copyOf(schedulers);
        Objects.requireNonNull(settle, "settle");
        if (settle.isNegative()) {
            throw new IllegalArgumentException("settle: " + settle + " (expected: >= 0)");
        }
        this.settleNanos = settle.toNanos();
        for (Scheduler scheduler : this.schedulers) {
            try {
                scheduler.getListenerManager().addJobListener(new Counter(scheduler));
            } catch (SchedulerException e) {
                throw new IllegalStateException("cannot add the drain job listener to Quartz scheduler " + e, e);
            }
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized void drain() {
        draining = true;
        drainedAtNanos = System.nanoTime();
        for (Scheduler scheduler : schedulers) {
            try {
                if (scheduler.isStarted() && !scheduler.isShutdown() && !scheduler.isInStandbyMode()) {
                    standingBy.add(scheduler);
                    scheduler.standby();
                }
            } catch (SchedulerException e) {
                throw new IllegalStateException("standby of Quartz scheduler failed: " + e, e);
            }
        }
    }

    @Override
    public synchronized void resume() {
        draining = false;
        for (Scheduler scheduler : new ArrayList<>(standingBy)) {
            try {
                if (!scheduler.isShutdown()) {
                    scheduler.start();
                }
                standingBy.remove(scheduler);
            } catch (SchedulerException e) {
                throw new IllegalStateException("restart of Quartz scheduler failed: " + e, e);
            }
        }
    }

    /** Runs that started on this instance after a drain (fired late by Quartz, see the class comment). */
    public long startedWhileDrained() {
        return startedWhileDrained.get();
    }

    @Override
    public ParticipantStatus status() {
        boolean drainingNow = draining;
        List<String> jobs = new ArrayList<>(running.values());
        StringBuilder detail = new StringBuilder(drainingNow ? "standby" : "scheduling")
                .append(", ")
                .append(jobs.size())
                .append(" job(s) running");
        if (!jobs.isEmpty()) {
            detail.append(": ").append(String.join(", ", jobs));
        }
        boolean settling = drainingNow && System.nanoTime() - drainedAtNanos < settleNanos;
        if (settling) {
            detail.append(", standing by");
        }
        return new ParticipantStatus(jobs.isEmpty() && !settling, jobs.size(), detail.toString());
    }

    /** Counts the jobs running on one scheduler, from just before they execute to just after. */
    private final class Counter implements JobListener {

        private final Scheduler scheduler;

        Counter(Scheduler scheduler) {
            this.scheduler = scheduler;
        }

        @Override
        public String getName() {
            return LISTENER;
        }

        @Override
        public void jobToBeExecuted(JobExecutionContext context) {
            running.put(key(context), context.getJobDetail().getKey().toString());
            if (draining) {
                startedWhileDrained.incrementAndGet();
            }
        }

        @Override
        public void jobExecutionVetoed(JobExecutionContext context) {
            running.remove(key(context));
        }

        @Override
        public void jobWasExecuted(JobExecutionContext context, JobExecutionException jobException) {
            running.remove(key(context));
        }

        private String key(JobExecutionContext context) {
            return System.identityHashCode(scheduler) + "/" + context.getFireInstanceId();
        }
    }
}
