package dev.nonstop.testing.upstream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link TestUpstream} in its own JVM (the same {@code java} and class path as this one), for
 * tests that kill, pause or restart a backend for real. {@link #start} returns once the process
 * printed {@code LISTENING}. A reader thread collects its output: the {@code X-Request-Id} of every
 * request that reached it ({@link #receivedRequestIds()}, across restarts) and the last lines for
 * error messages.
 *
 * <p>Not thread-safe: drive one from one test thread. {@link #close()} kills the process; a JVM
 * shutdown hook kills any left running.
 */
public final class UpstreamProcess implements AutoCloseable {
    private static final int OUTPUT_LINES_KEPT = 200;
    private static final Duration EXIT_WAIT = Duration.ofSeconds(10);

    private final UpstreamProcessOptions options;
    private final Set<String> received = ConcurrentHashMap.newKeySet();
    private final Deque<String> output = new ArrayDeque<>();
    private Incarnation current;
    private int port;
    private boolean paused;

    private UpstreamProcess(UpstreamProcessOptions options) {
        this.options = options;
        this.port = options.upstream().port();
    }

    /**
     * Launches the process and waits for {@code LISTENING}.
     *
     * @throws UpstreamProcessException if it exits or stays silent past the start timeout (it is
     *     killed then); the message has its output
     */
    public static UpstreamProcess start(UpstreamProcessOptions options) {
        UpstreamProcess upstream = new UpstreamProcess(Objects.requireNonNull(options, "options"));
        upstream.launch(Duration.ZERO);
        return upstream;
    }

    /** The port, the same across restarts. */
    public int port() {
        return port;
    }

    public String id() {
        return options.upstream().id();
    }

    /** The pid of the current process. */
    public long pid() {
        return current.process.pid();
    }

    public boolean isAlive() {
        return current.process.isAlive();
    }

    /**
     * The {@code X-Request-Id} of every request that reached any incarnation of this upstream. Each
     * was printed and flushed before the request was answered; the reader thread picks lines up
     * asynchronously (await with Awaitility), and after {@link #kill()} or {@link #terminate()} all
     * of the dead process's lines have been read.
     */
    public Set<String> receivedRequestIds() {
        return Set.copyOf(received);
    }

    /** The last lines the process printed (stdout and stderr), oldest first. */
    public List<String> output() {
        synchronized (output) {
            return new ArrayList<>(output);
        }
    }

    /**
     * Sends SIGTERM and waits for the exit: the upstream finishes requests in flight and stops.
     *
     * @return the exit code (143 after SIGTERM)
     * @throws UpstreamProcessException if it does not exit within the stop timeout (it is killed then)
     */
    public int terminate() {
        Process process = current.process;
        if (process.isAlive()) {
            process.destroy();
            if (paused) {
                signal("CONT");
            }
            if (!waitFor(process, options.stopTimeout())) {
                process.destroyForcibly();
                waitFor(process, EXIT_WAIT);
                finish(current);
                throw new UpstreamProcessException(describe() + " did not exit within " + options.stopTimeout()
                        + " of SIGTERM and was killed" + outputForMessage());
            }
        }
        finish(current);
        return process.exitValue();
    }

    /** Sends SIGKILL and waits for the exit: requests in flight are lost. */
    public void kill() {
        Process process = current.process;
        process.destroyForcibly();
        if (!waitFor(process, EXIT_WAIT)) {
            throw new UpstreamProcessException(describe() + " did not die within " + EXIT_WAIT + " of SIGKILL");
        }
        finish(current);
    }

    /** Sends SIGSTOP: the process freezes; its socket still accepts connections but nothing answers. */
    public void pause() {
        signal("STOP");
        paused = true;
    }

    /** Sends SIGCONT after {@link #pause()}. */
    public void resume() {
        signal("CONT");
        paused = false;
    }

    /**
     * Terminates the process if it runs, then starts a new one on the same port, retrying the bind for
     * up to the rebind timeout, and waits for {@code LISTENING}.
     */
    public void restart() {
        if (current.process.isAlive()) {
            terminate();
        }
        launch(options.rebindTimeout());
    }

    /** Kills the process if it still runs. Idempotent. */
    @Override
    public void close() {
        if (current == null) {
            return;
        }
        current.process.destroyForcibly();
        waitFor(current.process, EXIT_WAIT);
        finish(current);
    }

    @Override
    public String toString() {
        return describe();
    }

    private void launch(Duration bindTimeout) {
        TestUpstreamOptions upstream = options.upstream();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + options.maxHeap());
        command.addAll(options.jvmArgs());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), TestUpstream.class.getName()));
        command.addAll(List.of("--host", upstream.host(), "--port", Integer.toString(port), "--id", upstream.id()));
        command.addAll(List.of("--threads", Integer.toString(upstream.threads())));
        command.addAll(List.of("--bind-timeout-ms", Long.toString(bindTimeout.toMillis())));
        command.addAll(List.of(
                "--idle-timeout-ms", Long.toString(upstream.idleTimeout().toMillis())));
        command.addAll(List.of(
                "--shutdown-timeout-ms",
                Long.toString(upstream.shutdownTimeout().toMillis())));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UpstreamProcessException("cannot launch upstream '" + upstream.id() + "': " + e.getMessage(), e);
        }
        ProcessReaper.register(process);
        paused = false;
        Incarnation incarnation = new Incarnation(process);
        current = incarnation;
        incarnation.reader = new Thread(() -> read(incarnation), "upstream-" + upstream.id() + "-output");
        incarnation.reader.setDaemon(true);
        incarnation.reader.start();
        awaitListening(incarnation, bindTimeout);
    }

    private void awaitListening(Incarnation incarnation, Duration bindTimeout) {
        Duration timeout = options.startTimeout().plus(bindTimeout);
        try {
            port = incarnation.listening.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            close();
            throw new UpstreamProcessException(
                    describe() + " did not print LISTENING within " + timeout + outputForMessage());
        } catch (ExecutionException e) {
            waitFor(incarnation.process, EXIT_WAIT);
            finish(incarnation);
            String exit = incarnation.process.isAlive()
                    ? "closed its output"
                    : "exited with " + incarnation.process.exitValue();
            throw new UpstreamProcessException(describe() + " " + exit + " before listening" + outputForMessage());
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new UpstreamProcessException(describe() + ": interrupted while starting", e);
        }
    }

    private void read(Incarnation incarnation) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(incarnation.process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("RECV ")) {
                    received.add(line.substring("RECV ".length()));
                } else if (line.startsWith("LISTENING ")) {
                    incarnation.listening.complete(Integer.parseInt(
                            line.substring("LISTENING ".length()).trim()));
                }
                synchronized (output) {
                    output.addLast(line);
                    if (output.size() > OUTPUT_LINES_KEPT) {
                        output.removeFirst();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            synchronized (output) {
                output.addLast("(output reader: " + e + ")");
            }
        } finally {
            incarnation.listening.completeExceptionally(new IllegalStateException("output ended"));
        }
    }

    /** After the process exited: waits for its last output lines and forgets it. */
    private void finish(Incarnation incarnation) {
        if (!incarnation.process.isAlive()) {
            try {
                incarnation.reader.join(EXIT_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ProcessReaper.forget(incarnation.process);
        }
    }

    private void signal(String signal) {
        Process process = current.process;
        if (!process.isAlive()) {
            throw new UpstreamProcessException(describe() + " is not running: cannot send SIG" + signal);
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .start();
            if (!kill.waitFor(5, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new UpstreamProcessException("kill -" + signal + " " + process.pid() + " hung");
            }
            if (kill.exitValue() != 0) {
                String message = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                throw new UpstreamProcessException("kill -" + signal + " " + process.pid() + " failed: " + message);
            }
        } catch (IOException e) {
            throw new UpstreamProcessException("cannot run kill -" + signal + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamProcessException("interrupted while sending SIG" + signal, e);
        }
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private String describe() {
        String pid = current == null ? "" : " pid " + current.process.pid();
        return "upstream process '" + options.upstream().id() + "' (port " + port + pid + ")";
    }

    private String outputForMessage() {
        List<String> lines = output();
        return lines.isEmpty() ? "; no output" : "; last output:\n  " + String.join("\n  ", lines);
    }

    /** One launched process and what is known about it. */
    private static final class Incarnation {
        final Process process;
        final CompletableFuture<Integer> listening = new CompletableFuture<>();
        Thread reader;

        Incarnation(Process process) {
            this.process = process;
        }
    }
}
