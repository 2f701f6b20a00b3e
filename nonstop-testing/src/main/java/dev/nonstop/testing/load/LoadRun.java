package dev.nonstop.testing.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A running load: stop it, wait for it, read its {@link Report} (at any time). {@link #close()}
 * stops it and, if requests are still in flight after a grace period, aborts them.
 */
public final class LoadRun implements AutoCloseable {
    private final LoadGenerator config;
    private final RunState state;
    private final Tally tally;
    private final long startNanos = System.nanoTime();
    private final CountDownLatch finished;
    private volatile long endNanos;

    private LoadRun(LoadGenerator config) {
        this.config = config;
        this.tally = new Tally(config.outcomeListener());
        this.state = new RunState(
                config.maxRequests(), startNanos + config.maxDuration().toNanos());
        this.finished = new CountDownLatch(config.connections());
    }

    static LoadRun start(LoadGenerator config) {
        LoadRun run = new LoadRun(config);
        List<Thread> workers = new ArrayList<>(config.connections());
        Thread.Builder threads = Thread.ofVirtual().name("load-" + config.requestIdPrefix() + "-", 1);
        for (int i = 0; i < config.connections(); i++) {
            workers.add(threads.unstarted(run::work));
        }
        workers.forEach(Thread::start);
        return run;
    }

    private void work() {
        try {
            new ConnectionWorker(config, state, tally).run();
        } finally {
            synchronized (finished) {
                // The end time is written before the last count-down, so that whoever sees the run
                // done (isDone, awaitCompletion) also sees its end time, never 0.
                if (finished.getCount() == 1) {
                    endNanos = System.nanoTime();
                }
                finished.countDown();
            }
        }
    }

    /** No new request starts; requests in flight finish (within the read timeout). Returns at once. */
    public void stop() {
        state.stop();
    }

    /** Whether every worker has finished. */
    public boolean isDone() {
        return finished.getCount() == 0;
    }

    /**
     * Waits until the run ends by itself (request limit, duration) or after {@link #stop()}.
     *
     * @return the final report
     * @throws LoadTimeoutException if it has not ended within {@code timeout}; it keeps running
     */
    public Report awaitCompletion(Duration timeout) throws InterruptedException {
        if (!finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new LoadTimeoutException(timeout, report());
        }
        return report();
    }

    /** The counts so far; final once {@link #isDone()}. */
    public Report report() {
        boolean done = isDone();
        long end = done ? endNanos : System.nanoTime();
        return tally.report(Duration.ofNanos(end - startNanos), done);
    }

    /**
     * Stops, waits for requests in flight for up to the read timeout plus the connect timeout, then
     * closes the connections of those still running (they fail as {@link FailureReason#ABORTED}).
     */
    @Override
    public void close() {
        stop();
        try {
            Duration grace = config.readTimeout().plus(config.connectTimeout()).plusSeconds(1);
            if (!finished.await(grace.toNanos(), TimeUnit.NANOSECONDS)) {
                state.abort();
                finished.await(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            state.abort();
            Thread.currentThread().interrupt();
        }
    }
}
