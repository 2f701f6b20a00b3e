package dev.nonstop.demo.brokers;

import java.io.IOException;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * {@code java -jar nonstop-demo-brokers.jar [--kafka TOPIC] [--partitions N] [--amqp]}: starts, on 127.0.0.1 at
 * ephemeral ports, a single-node KRaft Kafka broker holding {@code TOPIC} ({@code N} partitions, default 3) and/or
 * an AMQP 0-9-1 broker (Qpid Broker-J, in memory, user guest/guest); prints {@code kafka 127.0.0.1:PORT} and {@code
 * amqp 127.0.0.1:PORT} (or {@code amqp-unavailable REASON}) as each serves, then {@code ready}, on standard output; stops when its standard input closes
 * (the demo that started it ended, however it ended). Kafka's data lives in a temporary directory removed on stop.
 */
public final class DemoBrokers {

    private DemoBrokers() {}

    public static void main(String[] args) throws Exception {
        String topic = null;
        int partitions = 3;
        boolean amqp = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--kafka" -> topic = value(args, ++i, "--kafka", "[A-Za-z0-9._-]{1,200}", "a topic name");
                case "--partitions" ->
                    partitions = Integer.parseInt(value(args, ++i, "--partitions", "[1-9][0-9]?", "1-99"));
                case "--amqp" -> amqp = true;
                default -> usage(args[i] + " (expected: --kafka TOPIC, --partitions N or --amqp)");
            }
        }
        if (topic == null && !amqp) {
            usage("nothing to start (expected: --kafka TOPIC and/or --amqp)");
        }
        EmbeddedKafkaKraftBroker kafka = null;
        AmqpBroker amqpBroker = null;
        try {
            if (topic != null) {
                kafka = new EmbeddedKafkaKraftBroker(1, partitions, topic);
                kafka.brokerProperty("listeners", "EXTERNAL://127.0.0.1:0,CONTROLLER://127.0.0.1:0");
                kafka.brokerProperty("group.initial.rebalance.delay.ms", "0");
                kafka.afterPropertiesSet();
                // It names its listener localhost; it listens on 127.0.0.1.
                System.out.println("kafka " + kafka.getBrokersAsString().replace("localhost", "127.0.0.1"));
            }
            if (amqp) {
                try {
                    amqpBroker = AmqpBroker.start();
                    System.out.println("amqp 127.0.0.1:" + amqpBroker.port());
                } catch (UnsupportedOperationException e) {
                    // Qpid Broker-J reads the caller's identity with Subject.getSubject, which throws from Java 24 on.
                    System.out.println("amqp-unavailable Qpid Broker-J does not run on Java "
                            + Runtime.version().feature() + " (it needs Subject.getSubject, gone since Java 24): "
                            + e.getMessage());
                } catch (Exception e) {
                    System.out.println("amqp-unavailable Qpid Broker-J did not start: " + e);
                }
            }
            System.out.println("ready");
            System.out.flush();
            try {
                while (System.in.read() >= 0) {
                    // Nothing is expected on the input: it is open as long as the demo runs.
                }
            } catch (IOException closed) {
                // The same: the demo is gone.
            }
        } finally {
            if (amqpBroker != null) {
                amqpBroker.close();
            }
            if (kafka != null) {
                kafka.destroy();
            }
        }
        System.exit(0);
    }

    private static String value(String[] args, int i, String option, String pattern, String expected) {
        if (i >= args.length || !args[i].matches(pattern)) {
            usage(option + ": " + (i >= args.length ? "missing" : args[i]) + " (expected: " + expected + ")");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("nonstop-demo-brokers: " + problem);
        System.exit(2);
    }
}
