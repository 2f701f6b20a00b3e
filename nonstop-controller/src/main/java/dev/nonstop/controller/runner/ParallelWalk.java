package dev.nonstop.controller.runner;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Walks tasks that depend on each other, each on its own thread, every task as soon as the tasks it comes after have
 * finished: the surge instances of a release start together, an instance's batch mates go together, and a retired
 * instance drains as soon as the surge instance that replaces it serves.
 *
 * <p>After the first task fails, no new task starts and {@link #stopping()} turns true (the tasks running look at
 * it between their steps); {@link #run} waits for the running ones and then throws the failure that matters most
 * by the given order. A failure does not interrupt the others: a task ends at its next check. Only an interrupt of
 * the thread in {@link #run} is passed on to the running tasks.
 *
 * @param <T> what a task works on
 */
final class ParallelWalk<T> {

    /** One task: its item and the indexes (in the walk's list) of the tasks it comes after. */
    record Task<T>(T item, List<Integer> after) {
        Task {
            Objects.requireNonNull(item, "item");
            after = List.copyOf(after);
        }
    }

    private final List<Task<T>> tasks;
    private final String threadPrefix;
    private final AtomicBoolean stopping = new AtomicBoolean();

    /**
     * @param tasks the tasks; each {@code after} index lower than the task's own (no cycles)
     * @param threadPrefix names the threads: {@code <prefix>-<index>}
     * @throws IllegalArgumentException naming a task whose {@code after} is not an earlier task
     */
    ParallelWalk(List<Task<T>> tasks, String threadPrefix) {
        this.tasks = List.copyOf(tasks);
        this.threadPrefix = Objects.requireNonNull(threadPrefix, "threadPrefix");
        for (int i = 0; i < this.tasks.size(); i++) {
            for (int before : this.tasks.get(i).after()) {
                if (before < 0 || before >= i) {
                    throw new IllegalArgumentException("tasks[" + i + "].after: " + before
                            + " (expected: an earlier task's index, 0 <= index < " + i + ")");
                }
            }
        }
    }

    /** Whether a task failed and the others should stop at their next check. */
    boolean stopping() {
        return stopping.get();
    }

    /** Tells the tasks to stop at their next check and starts no new one: a task is failing. */
    void stop() {
        stopping.set(true);
    }

    /**
     * Runs every task through {@code body}, returning when all finished, or throwing once the running ones have
     * ended after a failure.
     *
     * @param severity orders the failures: the greatest is thrown, the others are added to it as suppressed
     */
    void run(Consumer<T> body, Comparator<RuntimeException> severity) {
        int n = tasks.size();
        boolean[] started = new boolean[n];
        boolean[] done = new boolean[n];
        LinkedBlockingQueue<Finished> finished = new LinkedBlockingQueue<>();
        List<RuntimeException> failures = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int running = 0;
        int completed = 0;
        while (completed < n) {
            if (!stopping.get()) {
                for (int i = 0; i < n; i++) {
                    if (!started[i] && ready(i, done)) {
                        started[i] = true;
                        running++;
                        threads.add(start(i, body, finished));
                    }
                }
            }
            if (running == 0) {
                break;
            }
            Finished f = take(finished, threads);
            running--;
            completed++;
            done[f.index()] = f.failure() == null;
            if (f.failure() != null) {
                failures.add(f.failure());
                stopping.set(true);
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException worst = failures.stream().max(severity).orElseThrow();
            failures.stream().filter(e -> e != worst).forEach(worst::addSuppressed);
            throw worst;
        }
    }

    private boolean ready(int i, boolean[] done) {
        for (int before : tasks.get(i).after()) {
            if (!done[before]) {
                return false;
            }
        }
        return true;
    }

    private record Finished(int index, RuntimeException failure) {}

    private Thread start(int i, Consumer<T> body, LinkedBlockingQueue<Finished> finished) {
        T item = tasks.get(i).item();
        return Thread.ofPlatform().name(threadPrefix + "-" + i).daemon(true).start(() -> {
            RuntimeException failure = null;
            try {
                body.accept(item);
            } catch (RuntimeException e) {
                stopping.set(true);
                failure = e;
            } catch (Error e) {
                stopping.set(true);
                failure = new IllegalStateException("task " + i + " died: " + e, e);
            } finally {
                finished.add(new Finished(i, failure));
            }
        });
    }

    /** The next finished task; an interrupt is passed on to the running tasks, which are still waited for. */
    private static Finished take(LinkedBlockingQueue<Finished> finished, List<Thread> threads) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return finished.take();
                } catch (InterruptedException e) {
                    interrupted = true;
                    threads.forEach(Thread::interrupt);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
