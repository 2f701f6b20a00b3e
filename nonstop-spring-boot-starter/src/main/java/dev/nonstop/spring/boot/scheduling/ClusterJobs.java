package dev.nonstop.spring.boot.scheduling;

import dev.nonstop.app.DrainParticipant;
import dev.nonstop.app.ParticipantStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import org.springframework.beans.factory.DisposableBean;

/**
 * The {@code cluster-jobs} participant and the runner of {@link NonstopJob}s: a job runs here only
 * while this instance holds its lease ({@link JdbcJobLeases}). On drain no guarded job starts here
 * any more and the leases are given up, each once its run has ended, so another instance takes
 * the job over at its next run; on resume this instance competes for them again.
 */
public final class ClusterJobs implements DrainParticipant, DisposableBean {

    /** The participant name in the status. */
    public static final String NAME = "cluster-jobs";

    private static final ThreadLocal<Long> TOKEN = new ThreadLocal<>();

    private final JdbcJobLeases leases;
    /** Job name to the token this instance holds its lease with. */
    private final Map<String, Long> held = new ConcurrentHashMap<>();
    /** Job name to the token of its run in progress here. */
    private final Map<String, Long> running = new ConcurrentHashMap<>();

    private volatile boolean draining;

    public ClusterJobs(JdbcJobLeases leases) {
        this.leases = Objects.requireNonNull(leases, "leases");
    }

    /** The fencing token of the guarded job running on this thread; empty outside one. */
    public static OptionalLong currentToken() {
        Long token = TOKEN.get();
        return token == null ? OptionalLong.empty() : OptionalLong.of(token);
    }

    /**
     * Runs {@code job} (given its fencing token) if this instance is not drained and holds or gets
     * the lease of {@code name}; answers its result, or null when it did not run here.
     */
    public <T> T runIfHolder(String name, Duration lease, LongFunction<T> job) {
        if (draining) {
            return null;
        }
        synchronized (lockFor(name)) {
            if (draining || running.containsKey(name)) {
                return null;
            }
            OptionalLong token = leases.acquire(name, lease, held.getOrDefault(name, 0L));
            if (token.isEmpty()) {
                held.remove(name);
                return null;
            }
            held.put(name, token.getAsLong());
            running.put(name, token.getAsLong());
        }
        long token = running.get(name);
        Long outer = TOKEN.get();
        TOKEN.set(token);
        try {
            return job.apply(token);
        } finally {
            if (outer == null) {
                TOKEN.remove();
            } else {
                TOKEN.set(outer);
            }
            synchronized (lockFor(name)) {
                running.remove(name);
                if (draining) {
                    releaseHeld(name);
                }
            }
        }
    }

    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    private Object lockFor(String name) {
        return locks.computeIfAbsent(name, n -> new Object());
    }

    private void releaseHeld(String name) {
        Long token = held.remove(name);
        if (token != null) {
            try {
                leases.release(name, token);
            } catch (RuntimeException e) {
                // The lease then expires by itself: the job is taken over after its lease time.
                System.err.println("nonstop: release of job lease " + name + " failed: " + e);
            }
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void drain() {
        draining = true;
        for (String name : new ArrayList<>(held.keySet())) {
            synchronized (lockFor(name)) {
                if (!running.containsKey(name)) {
                    releaseHeld(name);
                }
            }
        }
    }

    @Override
    public void resume() {
        draining = false;
    }

    /** The jobs whose lease this instance holds now, with their tokens. */
    public Map<String, Long> held() {
        return Map.copyOf(held);
    }

    @Override
    public ParticipantStatus status() {
        List<String> names = new ArrayList<>();
        running.forEach((name, token) -> names.add(name + " (token " + token + ")"));
        StringBuilder detail = new StringBuilder(draining ? "paused" : "running jobs")
                .append(", ")
                .append(names.size())
                .append(" job(s) running");
        if (!names.isEmpty()) {
            detail.append(": ").append(String.join(", ", names));
        }
        detail.append(", ").append(held.size()).append(" lease(s) held");
        return ParticipantStatus.inFlight(names.size(), detail.toString());
    }

    /** On shutdown the leases held are given up, so the job is taken over at once. */
    @Override
    public void destroy() {
        draining = true;
        for (String name : new ArrayList<>(held.keySet())) {
            synchronized (lockFor(name)) {
                releaseHeld(name);
            }
        }
    }
}
