package dev.nonstop.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A sample app jar running as a real process ({@code java -jar}) on the JVM that runs the tests.
 * The jars come from {@code sample.jar.dir}, which failsafe sets to {@code target/}.
 */
final class SampleProcess implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 60;

    private final Process process;
    private final int port;
    private final StringBuffer stderr;
    private final Thread stderrPump;

    private SampleProcess(Process process, int port, StringBuffer stderr, Thread stderrPump) {
        this.process = process;
        this.port = port;
        this.stderr = stderr;
        this.stderrPump = stderrPump;
    }

    /** Starts {@code nonstop-sample-app-<version>.jar} and waits for its {@code LISTENING} line. */
    static SampleProcess start(String version, Map<String, String> env) throws Exception {
        StringBuffer stderr = new StringBuffer();
        Process process = builder(version, env).start();
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        pump(process.getInputStream(), line -> {
            if (line.startsWith("LISTENING ")) {
                listening.complete(
                        Integer.parseInt(line.substring("LISTENING ".length()).trim()));
            }
        });
        Thread stderrPump =
                pump(process.getErrorStream(), line -> stderr.append(line).append('\n'));
        process.onExit()
                .thenRun(() -> listening.completeExceptionally(
                        new IllegalStateException("exited with " + process.exitValue() + ": " + stderr)));
        try {
            return new SampleProcess(process, listening.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), stderr, stderrPump);
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Runs the jar to its end; for configurations it refuses. */
    static Exit run(String version, Map<String, String> env, String... args) throws Exception {
        Process process = builder(version, env, args).start();
        byte[] stdout = process.getInputStream().readAllBytes();
        byte[] stderr = process.getErrorStream().readAllBytes();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("still running after " + TIMEOUT_SECONDS + " s");
        }
        return new Exit(
                process.exitValue(),
                new String(stdout, StandardCharsets.UTF_8),
                new String(stderr, StandardCharsets.UTF_8));
    }

    record Exit(int status, String stdout, String stderr) {}

    int port() {
        return port;
    }

    Http http() {
        return new Http(port);
    }

    String stderr() {
        return stderr.toString();
    }

    /** Sends SIGTERM and waits for the exit status; {@link #stderr()} is then complete. */
    int terminate() throws InterruptedException {
        // Through the handle: Process.destroy() would also close the pipes and lose what stderr still holds.
        process.toHandle().destroy();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no exit " + TIMEOUT_SECONDS + " s after SIGTERM: " + stderr);
        }
        stderrPump.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static ProcessBuilder builder(String version, Map<String, String> env, String... args) {
        Path jar = Path.of(System.getProperty("sample.jar.dir", "target"), "nonstop-sample-app-" + version + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run the package phase first");
        }
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment()
                .keySet()
                .removeIf(key -> key.startsWith("SAMPLE_")
                        || key.startsWith("NONSTOP_")
                        || key.equals("PORT")
                        || key.equals("HOST"));
        builder.environment().putAll(env);
        return builder;
    }

    /** The {@code java} of this JVM, or {@code -Dsample.java=...} to run the jars on another one (such as 17). */
    private static String javaExecutable() {
        String override = System.getProperty("sample.java");
        if (override != null && !override.isBlank()) {
            return override;
        }
        return ProcessHandle.current().info().command().orElseGet(() -> Path.of(
                        System.getProperty("java.home"), "bin", "java")
                .toString());
    }

    private static Thread pump(InputStream in, Consumer<String> lines) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.accept(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
