package dev.nonstop.demo.kafka;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * {@code java -jar nonstop-demo-kafka.jar [--partitions N] TOPIC...}: starts a single-node KRaft broker with its
 * listener and controller on 127.0.0.1 (ephemeral ports) and the given topics, prints {@code bootstrap
 * 127.0.0.1:PORT} on standard output once it serves, and stops when its standard input closes (the demo that
 * started it ended, however it ended). Its data lives in a temporary directory removed on stop.
 */
public final class DemoKafkaBroker {

    /** The line's start on standard output that names the bootstrap address. */
    public static final String READY = "bootstrap ";

    private DemoKafkaBroker() {}

    public static void main(String[] args) throws Exception {
        int partitions = 3;
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--partitions") && i + 1 < args.length) {
                try {
                    partitions = Integer.parseInt(args[++i]);
                } catch (NumberFormatException e) {
                    partitions = 0;
                }
                if (partitions < 1 || partitions > 100) {
                    System.err.println("--partitions: " + args[i] + " (expected: 1-100)");
                    System.exit(2);
                }
            } else if (args[i].matches("[A-Za-z0-9._-]{1,200}")) {
                topics.add(args[i]);
            } else {
                System.err.println("topic: " + args[i] + " (expected: letters, digits, '.', '_', '-')");
                System.exit(2);
            }
        }
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, partitions, topics.toArray(String[]::new));
        broker.brokerProperty("listeners", "EXTERNAL://127.0.0.1:0,CONTROLLER://127.0.0.1:0");
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        broker.afterPropertiesSet();
        System.out.println(READY + broker.getBrokersAsString());
        System.out.flush();
        try {
            while (System.in.read() >= 0) {
                // Nothing is expected on the input: it is open as long as the demo runs.
            }
        } catch (IOException closed) {
            // The same: the demo is gone.
        }
        broker.destroy();
        System.exit(0);
    }
}
