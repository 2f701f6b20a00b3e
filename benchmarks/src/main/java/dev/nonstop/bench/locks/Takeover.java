package dev.nonstop.bench.locks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Takeover after SIGKILL: a {@link LockHolder} in a child JVM takes the lock and keeps it; this JVM
 * waits in {@code acquire} on the same lock; after the holder has held for {@code holdFor} (long
 * enough to have renewed), it is killed with SIGKILL and the time from the kill to this JVM's
 * acquisition is the takeover time. An acquisition before the kill is reported as a failure.
 */
final class Takeover {

    private static final Duration CHILD_START = Duration.ofSeconds(30);

    /** The takeover time, or why there is none. */
    record Result(Duration takeover, String failure) {
        static Result failed(String why) {
            return new Result(null, why);
        }
    }

    private Takeover() {}

    static Result measure(
            LockClient waiter,
            Kind holderKind,
            Map<String, String> holderSettings,
            String name,
            Duration ttl,
            Duration holdFor,
            Duration maxWait)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                LockHolder.class.getName(),
                holderKind.name(),
                name,
                Long.toString(ttl.toMillis())));
        holderSettings.forEach((k, v) -> command.add(k + "=" + v));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread.ofPlatform().daemon().name("holder-" + child.pid()).start(() -> pump(child, output));
        Thread waiterThread = null;
        try {
            if (!awaitLine(child, output, "ACQUIRED", CHILD_START)) {
                return Result.failed("holder did not acquire within " + CHILD_START + ": " + tail(output));
            }
            CompletableFuture<Long> acquiredAt = new CompletableFuture<>();
            // Redisson and Curator locks belong to a thread: acquire and release on this one.
            waiterThread = Thread.ofPlatform().name("takeover-waiter").start(() -> {
                try (LockClient.Held held = waiter.acquire(name, maxWait)) {
                    acquiredAt.complete(System.nanoTime());
                } catch (Throwable e) {
                    acquiredAt.completeExceptionally(e);
                }
            });
            LockSupport.parkNanos(holdFor.toNanos());
            if (acquiredAt.isDone()) {
                return Result.failed("the waiter got the lock while the holder was alive"
                        + (child.isAlive() ? "" : " (holder exited: " + tail(output) + ")"));
            }
            long killedAt = System.nanoTime();
            child.destroyForcibly(); // SIGKILL
            try {
                long at = acquiredAt.get(maxWait.toMillis() + 5_000, TimeUnit.MILLISECONDS);
                return new Result(Duration.ofNanos(at - killedAt), null);
            } catch (ExecutionException e) {
                return Result.failed("the waiter failed: " + e.getCause());
            } catch (TimeoutException e) {
                return Result.failed("the waiter did not return within " + maxWait);
            }
        } finally {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
            child.waitFor(10, TimeUnit.SECONDS);
            if (waiterThread != null) {
                waiterThread.join(Duration.ofSeconds(5));
            }
        }
    }

    private static boolean awaitLine(Process child, List<String> output, String line, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            if (output.contains(line)) {
                return true;
            }
            if (!child.isAlive() && !output.contains(line)) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return false;
    }

    private static String tail(List<String> output) {
        List<String> lines = List.copyOf(output);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    private static void pump(Process child, List<String> output) {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                output.add(line);
            }
        } catch (IOException e) {
            output.add("(output closed: " + e + ")");
        }
    }
}
