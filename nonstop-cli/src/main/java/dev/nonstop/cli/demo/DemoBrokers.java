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
 * The Spring demo's brokers, run as one process from {@code nonstop-demo-brokers/target/nonstop-demo-brokers.jar}
 * of the source tree (built with the Spring sample's jars by {@code ./nonstop demo --app spring}): a single-node
 * Kafka (KRaft) broker holding the demo's topic and, when asked, an AMQP 0-9-1 broker (Apache Qpid Broker-J, in
 * memory, guest/guest), both on 127.0.0.1 at ephemeral ports. The process stops when the demo closes its standard
 * input, or ends.
 */
final class DemoBrokers implements AutoCloseable {
    static final String JAR = "nonstop-demo-brokers/target/nonstop-demo-brokers.jar";

    private final Process process;
    private final String kafka;
    private final int amqpPort;
    private final String amqpUnavailable;

    private DemoBrokers(Process process, String kafka, int amqpPort, String amqpUnavailable) {
        this.process = process;
        this.kafka = kafka;
        this.amqpPort = amqpPort;
        this.amqpUnavailable = amqpUnavailable;
    }

    /**
     * Starts the brokers and waits until they serve.
     *
     * @param amqp whether to start the AMQP broker too
     * @param log where the process's own output goes
     * @throws IOException when its jar is not built, it cannot start, or it does not serve within {@code timeout}
     */
    static DemoBrokers start(Path home, String topic, int partitions, boolean amqp, Path log, Duration timeout)
            throws IOException {
        Path jar = home.resolve(JAR);
        if (!Files.isRegularFile(jar)) {
            throw new IOException("the demo's brokers " + jar + " are not built; run ./nonstop demo --app spring"
                    + " from the source tree, which builds them, or ./mvnw -pl nonstop-demo-brokers package");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Small brokers: little heap, quick start, one GC thread.
        command.addAll(List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        int java = Runtime.version().feature();
        if (amqp && java >= 18 && java <= 23) {
            // Qpid Broker-J reads the caller's identity with Subject.getSubject, which Java 18 to 23 allow only
            // with this; from Java 24 on nothing allows it (and the option stops the JVM): the AMQP part then
            // reports itself unavailable.
            command.add("-Djava.security.manager=allow");
        }
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of("--kafka", topic, "--partitions", Integer.toString(partitions)));
        if (amqp) {
            command.add("--amqp");
        }
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        CompletableFuture<String[]> ready = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    String kafkaAddress = null;
                    int amqpAt = 0;
                    String amqpWhyNot = "not asked for";
                    try (BufferedReader lines = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            if (line.startsWith("kafka ")) {
                                kafkaAddress = line.substring("kafka ".length()).strip();
                            } else if (line.startsWith("amqp 127.0.0.1:")) {
                                amqpAt = Integer.parseInt(line.substring("amqp 127.0.0.1:".length())
                                        .strip());
                            } else if (line.startsWith("amqp-unavailable ")) {
                                amqpWhyNot = line.substring("amqp-unavailable ".length());
                            } else if (line.equals("ready")) {
                                ready.complete(new String[] {kafkaAddress, Integer.toString(amqpAt), amqpWhyNot});
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        ready.completeExceptionally(e);
                    }
                    // Its output ended: it exited, or is about to (a no-op once it served).
                    ready.completeExceptionally(
                            new IOException("the demo's brokers exited before they served; their output is in " + log));
                },
                "demo-brokers-output");
        reader.setDaemon(true);
        reader.start();
        try {
            String[] addresses = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (addresses[0] == null) {
                throw new ExecutionException(new IOException("the demo's brokers named no Kafka address"));
            }
            int amqpAt = Integer.parseInt(addresses[1]);
            return new DemoBrokers(process, addresses[0], amqpAt, amqpAt == 0 ? addresses[2] : null);
        } catch (ExecutionException e) {
            process.destroyForcibly();
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IOException(
                    "the demo's brokers did not serve within " + timeout.toSeconds() + " s; their output is in " + log);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the demo's brokers started", e);
        }
    }

    /** Kafka's {@code 127.0.0.1:PORT}. */
    String kafka() {
        return kafka;
    }

    /** The AMQP broker's port on 127.0.0.1, 0 when not started. */
    int amqpPort() {
        return amqpPort;
    }

    /** Why the AMQP broker is not running, or null when it is. */
    String amqpUnavailable() {
        return amqpUnavailable;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            process.getOutputStream().close(); // their cue to stop
        } catch (IOException e) {
            // Already gone.
        }
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
