package dev.nonstop.cli.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A single-node Kafka (KRaft) broker for the Spring demo, run as a process from {@code
 * nonstop-demo-kafka/target/nonstop-demo-kafka.jar} of the source tree (built with the Spring sample's jars by
 * {@code ./nonstop demo --app spring}): it listens on 127.0.0.1 (an ephemeral port), holds the demo's topic, and
 * stops when the demo closes its standard input, or ends.
 */
final class DemoKafka implements AutoCloseable {
    static final String JAR = "nonstop-demo-kafka/target/nonstop-demo-kafka.jar";
    private static final String READY = "bootstrap ";

    private final Process process;
    private final String bootstrap;

    private DemoKafka(Process process, String bootstrap) {
        this.process = process;
        this.bootstrap = bootstrap;
    }

    /**
     * Starts the broker with {@code topic} in {@code partitions} partitions and waits until it serves.
     *
     * @param log where the broker's own output goes
     * @throws IOException when its jar is not built, it cannot start, or it does not serve within {@code timeout}
     */
    static DemoKafka start(Path home, String topic, int partitions, Path log, Duration timeout)
            throws IOException, InterruptedException {
        Path jar = home.resolve(JAR);
        if (!Files.isRegularFile(jar)) {
            throw new IOException("the demo's Kafka broker " + jar + " is not built; run ./nonstop demo --app spring"
                    + " from the source tree, which builds it, or ./mvnw -pl nonstop-demo-kafka package");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // A small broker: little heap, quick start, one GC thread.
        command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar"));
        command.add(jar.toString());
        command.addAll(List.of("--partitions", Integer.toString(partitions), topic));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader lines = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            if (line.startsWith(READY)) {
                                ready.complete(line.substring(READY.length()).strip());
                            }
                        }
                    } catch (IOException e) {
                        ready.completeExceptionally(e);
                    }
                    // Its output ended: it exited, or is about to (a no-op once it served).
                    ready.completeExceptionally(
                            new IOException("the Kafka broker exited before it served; its output is in " + log));
                },
                "demo-kafka-output");
        reader.setDaemon(true);
        reader.start();
        try {
            String bootstrap = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    // It names itself localhost; its listener is on 127.0.0.1.
                    .replace("localhost", "127.0.0.1");
            return new DemoKafka(process, bootstrap);
        } catch (ExecutionException e) {
            process.destroyForcibly();
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IOException(
                    "the Kafka broker did not serve within " + timeout.toSeconds() + " s; its output is in " + log);
        }
    }

    /** {@code 127.0.0.1:PORT}. */
    String bootstrap() {
        return bootstrap;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            process.getOutputStream().close(); // its cue to stop
        } catch (IOException e) {
            // Already gone.
        }
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
