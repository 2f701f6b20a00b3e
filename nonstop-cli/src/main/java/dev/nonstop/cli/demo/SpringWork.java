package dev.nonstop.cli.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The Spring sample's work off the HTTP path in the demo: the brokers and the shared ledger it needs (a process with
 * a Kafka broker and an AMQP 0-9-1 broker, Qpid Broker-J, standing in for RabbitMQ; an H2 ledger), the traffic during the release (numbered messages
 * to both brokers, gRPC calls through {@code nonstop:///<app>}) and the report's lines: messages
 * published/processed/lost/duplicated per broker, job runs missed or doubled, RPC calls made and failed.
 */
final class SpringWork implements AutoCloseable {
    /** The gRPC port's offset from an instance's HTTP port. */
    static final int GRPC_OFFSET = 1000;

    static final String JOB = "sample-report";
    private static final int JOB_PERIOD_SECONDS = 2;
    private static final double MESSAGE_RATE = 25;
    private static final double CALL_RATE = 40;
    private static final long MAX_COUNT = 100_000;
    private static final Duration MAX_DURATION = Duration.ofMinutes(15);
    private static final Duration PROCESSING_WAIT = Duration.ofSeconds(60);

    private final DemoLedger ledger;
    private final DemoBrokers brokers;
    private final String amqpBroker;
    private final String topic;
    private final String queue;
    private final RabbitTraffic rabbit;
    private final String rabbitNotRun;
    private KafkaTraffic kafkaTraffic;
    private GrpcTraffic grpc;
    private PacedLoop rabbitLoop;
    private PacedLoop kafkaLoop;
    private PacedLoop grpcLoop;
    private String grpcTarget = "";

    private SpringWork(
            DemoLedger ledger,
            DemoBrokers brokers,
            String topic,
            String queue,
            RabbitTraffic rabbit,
            String amqpBroker,
            String rabbitNotRun) {
        this.ledger = ledger;
        this.brokers = brokers;
        this.amqpBroker = amqpBroker;
        this.topic = topic;
        this.queue = queue;
        this.rabbit = rabbit;
        this.rabbitNotRun = rabbitNotRun;
    }

    /**
     * Starts the ledger and the brokers' process; the AMQP messages go to its Qpid Broker-J, or, where that cannot
     * run (Java 24 and later), to the machine's RabbitMQ at 127.0.0.1:5672 if one answers; without either, that
     * part is not run, and the report says so and why.
     *
     * @param home the source tree (where the brokers' jar is built)
     * @param dir the demo's directory
     */
    static SpringWork start(Path home, Path dir, PrintStream out) throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = "nonstop-demo-" + run;
        String queue = "nonstop-demo-" + run;
        Path work = Files.createDirectories(dir.resolve("work"));
        DemoLedger ledger = DemoLedger.start(work);
        DemoBrokers brokers;
        try {
            brokers = DemoBrokers.start(home, topic, 3, true, work.resolve("brokers.log"), Duration.ofSeconds(120));
        } catch (IOException | RuntimeException e) {
            ledger.close();
            throw e;
        }
        RabbitTraffic rabbit = null;
        String amqpBroker = null;
        String rabbitNotRun = null;
        String embedded = brokers.amqpUnavailable();
        if (embedded == null) {
            try {
                rabbit = RabbitTraffic.connect(brokers.amqpPort(), queue);
                amqpBroker = "Qpid Broker-J at " + RabbitTraffic.HOST + ":" + brokers.amqpPort();
            } catch (IOException e) {
                embedded = e.getMessage();
            }
        }
        if (rabbit == null) {
            try {
                rabbit = RabbitTraffic.connect(RabbitTraffic.PORT, queue);
                amqpBroker = "RabbitMQ at " + RabbitTraffic.HOST + ":" + RabbitTraffic.PORT;
                out.println("  the demo's own AMQP broker is not available (" + embedded + "): the machine's RabbitMQ"
                        + " takes its place");
            } catch (IOException machine) {
                rabbitNotRun = machine.getMessage() + "; and the demo's own AMQP broker is not available: " + embedded;
            }
        }
        out.printf(
                Locale.ROOT,
                "  Kafka broker %s (topic %s, 3 partitions); AMQP 0-9-1 broker %s%n",
                brokers.kafka(),
                topic,
                rabbit == null ? "not run: " + rabbitNotRun : amqpBroker + " (queue " + queue + ")");
        return new SpringWork(ledger, brokers, topic, queue, rabbit, amqpBroker, rabbitNotRun);
    }

    /** What every instance of the sample gets to turn its work on. */
    Map<String, String> env() {
        Map<String, String> env = new HashMap<>(ledger.env());
        env.putAll(KafkaTraffic.env(brokers.kafka(), topic));
        if (rabbit != null) {
            env.putAll(rabbit.env());
        }
        env.put("SAMPLE_MESSAGES_WORK", "10ms");
        env.put("SAMPLE_JOB_ENABLED", "true");
        env.put("SAMPLE_GRPC_PORT_OFFSET", Integer.toString(GRPC_OFFSET));
        return env;
    }

    /** Starts publishing and calling; {@code token} is the controller's, read by the name resolver. */
    void startTraffic(URI controller, String token, String app) {
        kafkaTraffic = new KafkaTraffic(brokers.kafka(), topic);
        kafkaLoop = new PacedLoop(
                        "demo-kafka-publisher",
                        MESSAGE_RATE,
                        MAX_COUNT,
                        MAX_DURATION,
                        n -> kafkaTraffic.publish(String.format(Locale.ROOT, "k-%06d", n)))
                .start();
        if (rabbit != null) {
            rabbitLoop = new PacedLoop(
                            "demo-rabbitmq-publisher",
                            MESSAGE_RATE,
                            MAX_COUNT,
                            MAX_DURATION,
                            n -> rabbit.publish(String.format(Locale.ROOT, "r-%06d", n)))
                    .start();
        }
        grpcTarget = "nonstop:///" + app;
        grpc = new GrpcTraffic(controller, token, app, GRPC_OFFSET);
        grpcLoop = new PacedLoop("demo-grpc-client", CALL_RATE, MAX_COUNT, MAX_DURATION, grpc::call).start();
    }

    /** Stops the traffic, then waits (bounded) until the instances processed every message published. */
    void stopTraffic() throws InterruptedException, SQLException {
        if (grpcLoop != null) {
            grpcLoop.stop();
        }
        if (rabbitLoop != null) {
            rabbitLoop.stop();
        }
        if (kafkaLoop != null) {
            kafkaLoop.stop();
            kafkaTraffic.flush();
        }
        long deadline = System.nanoTime() + PROCESSING_WAIT.toNanos();
        while (System.nanoTime() < deadline && !allProcessed()) {
            Thread.sleep(250); // polling the ledger's recorded state
        }
    }

    private boolean allProcessed() throws SQLException {
        boolean kafkaDone = kafkaTraffic == null
                || ledger.processed("kafka", kafkaTraffic.published()).processed()
                        >= kafkaTraffic.published().size();
        boolean rabbitDone = rabbit == null
                || ledger.processed("rabbitmq", rabbit.published()).processed()
                        >= rabbit.published().size();
        return kafkaDone && rabbitDone;
    }

    /**
     * Prints the report's lines for the work off the HTTP path.
     *
     * @return whether nothing was lost, no job run missed or doubled and no call failed
     */
    boolean report(PrintStream out) throws SQLException {
        boolean ok = true;
        if (rabbit == null) {
            out.printf(Locale.ROOT, "  rabbitmq messages      not run: %s%n", rabbitNotRun);
        } else {
            ok &= messages(out, "rabbitmq", rabbit.published(), rabbitLoop, 0, null, amqpBroker);
        }
        ok &= messages(
                out,
                "kafka",
                kafkaTraffic.published(),
                kafkaLoop,
                kafkaTraffic.failed(),
                kafkaTraffic.firstFailure(),
                "Kafka at " + brokers.kafka());
        DemoLedger.JobRuns runs = ledger.jobRuns(JOB);
        out.printf(
                Locale.ROOT,
                "  job runs               %d in %d slots of %d s, %d missed, %d doubled (%s on %d instances, once"
                        + " cluster-wide)%n",
                runs.runs(),
                runs.slots(),
                JOB_PERIOD_SECONDS,
                runs.missed(),
                runs.doubled(),
                JOB,
                runs.instances());
        ok &= runs.runs() > 0 && runs.missed() == 0 && runs.doubled() == 0;
        out.printf(
                Locale.ROOT,
                "  rpc calls              %d made, %d failed (gRPC through %s)%n",
                grpcLoop.calls(),
                grpcLoop.failures(),
                grpcTarget);
        if (grpcLoop.failures() > 0) {
            out.println("    first failure: " + grpcLoop.firstFailure());
        }
        ok &= grpcLoop.calls() > 0 && grpcLoop.failures() == 0;
        return ok;
    }

    private boolean messages(
            PrintStream out,
            String broker,
            java.util.Set<String> published,
            PacedLoop loop,
            long asyncFailures,
            String asyncFirstFailure,
            String where)
            throws SQLException {
        DemoLedger.Processed processed = ledger.processed(broker, published);
        long lost = published.size() - processed.processed();
        long notPublished = loop.failures() + asyncFailures;
        out.printf(
                Locale.ROOT,
                "  %-22s %d published, %d processed, %d lost, %d duplicated (%s)%s%n",
                broker + " messages",
                published.size(),
                processed.processed(),
                lost,
                processed.duplicated(),
                where,
                notPublished == 0 ? "" : " (" + notPublished + " refused by the broker, not counted as published)");
        String failure = loop.firstFailure() != null ? loop.firstFailure() : asyncFirstFailure;
        if (failure != null) {
            out.println("    first refusal: " + failure);
        }
        return !published.isEmpty() && lost == 0 && processed.foreign() == 0;
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (AutoCloseable part :
                new AutoCloseable[] {grpcLoop, rabbitLoop, kafkaLoop, grpc, kafkaTraffic, rabbit, brokers, ledger}) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
