package dev.nonstop.spring.boot.scheduling;

import dev.nonstop.app.DrainParticipant;
import dev.nonstop.app.ParticipantStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code scheduled} participant: the gate every scheduled run passes ({@link #tryStart}) and
 * the count of the runs in progress. While drained, a run that is due is skipped (it is not queued:
 * the next one is due at the next fire time, after a resume); the runs that started before the
 * drain go on and are counted until they end.
 *
 * <p>A run first counts itself, then reads the drain flag; a drain first sets the flag, then the
 * status reads the count. So a run that passes the gate is always seen by a status read after the
 * drain: a drained instance is never reported idle while a run that got in is still going.
 */
public final class ScheduledJobs implements DrainParticipant {

    /** The participant name in the status. */
    public static final String NAME = "scheduled";

    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicLong running = new AtomicLong();
    private final Map<Long, String> runs = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    /** A run that passed the gate; close it when the job has finished. */
    public final class Run implements AutoCloseable {
        private final long id;

        private Run(long id) {
            this.id = id;
        }

        @Override
        public void close() {
            if (runs.remove(id) != null) {
                running.decrementAndGet();
            }
        }
    }

    /** A job named {@code name} is due: a {@link Run} to close when it ends, or null when it must not start. */
    public Run tryStart(String name) {
        long id = ids.incrementAndGet();
        runs.put(id, name);
        running.incrementAndGet();
        Run run = new Run(id);
        if (paused.get()) {
            run.close();
            skipped.incrementAndGet();
            return null;
        }
        return run;
    }

    /** Runs {@code job} unless drained. */
    public Runnable guard(String name, Runnable job) {
        return new Runnable() {
            @Override
            public void run() {
                Run run = tryStart(name);
                if (run == null) {
                    return;
                }
                try (run) {
                    job.run();
                }
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void drain() {
        paused.set(true);
    }

    @Override
    public void resume() {
        paused.set(false);
    }

    public boolean isPaused() {
        return paused.get();
    }

    /** How many due runs were skipped because the instance was drained, since the start. */
    public long skipped() {
        return skipped.get();
    }

    @Override
    public ParticipantStatus status() {
        long now = running.get();
        List<String> names = new ArrayList<>(runs.values());
        StringBuilder detail = new StringBuilder(paused.get() ? "paused" : "scheduling")
                .append(", ")
                .append(now)
                .append(" job(s) running");
        if (!names.isEmpty()) {
            detail.append(": ").append(String.join(", ", names));
        }
        return new ParticipantStatus(now == 0, now, detail.toString());
    }

    @Override
    public String toString() {
        return "ScheduledJobs[paused=" + paused.get() + ", running=" + running.get() + "]";
    }
}
