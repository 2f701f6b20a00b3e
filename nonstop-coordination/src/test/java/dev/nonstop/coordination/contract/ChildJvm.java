package dev.nonstop.coordination.contract;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A {@link LockHolderMain} in a child JVM with this JVM's classpath; its output lines, signals. */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private ChildJvm(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon().name("child-" + process.pid()).start(this::pump);
    }

    static ChildJvm start(List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(
                List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", classpath()));
        command.add(LockHolderMain.class.getName());
        command.addAll(args);
        return new ChildJvm(
                new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    private static String classpath() {
        return System.getProperty("java.class.path");
    }

    long pid() {
        return process.pid();
    }

    List<String> lines() {
        return lines;
    }

    /** Waits for a line that matches and returns it. */
    String awaitLine(Predicate<String> matches, Duration atMost) {
        await("a line from child " + pid() + ", output so far: " + lines)
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> lines.stream().anyMatch(matches));
        return lines.stream().filter(matches).findFirst().orElseThrow();
    }

    /** Waits for a line at index {@code from} or later that matches. */
    String awaitLineAfter(int from, Predicate<String> matches, Duration atMost) {
        await("a line from child " + pid() + " after line " + from + ", output so far: " + lines)
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> lines.subList(from, lines.size()).stream().anyMatch(matches));
        return lines.subList(from, lines.size()).stream()
                .filter(matches)
                .findFirst()
                .orElseThrow();
    }

    void kill() throws InterruptedException {
        process.destroyForcibly(); // SIGKILL on Linux
        process.waitFor(10, TimeUnit.SECONDS);
    }

    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    boolean awaitExit(Duration atMost) throws InterruptedException {
        return process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS);
    }

    int exitValue() {
        return process.exitValue();
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid()))
                .inheritIO()
                .start();
        if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid() + " failed");
        }
    }

    private void pump() {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(output closed: " + e + ")");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
