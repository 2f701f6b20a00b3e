package dev.nonstop.cli.demo;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Numbered records to the demo's topic, keyed by their id (spread over the partitions), each counted as published
 * once the broker acknowledged it (all replicas, idempotent producer).
 */
final class KafkaTraffic implements AutoCloseable {
    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final Set<String> published = ConcurrentHashMap.newKeySet();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    KafkaTraffic(String bootstrap, String topic) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.LINGER_MS_CONFIG,
                        0,
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "nonstop-demo"),
                new StringSerializer(),
                new StringSerializer());
    }

    /** The address the instances connect to, as Spring Boot's variables. */
    static Map<String, String> env(String bootstrap, String topic) {
        return Map.of("SAMPLE_KAFKA_TOPIC", topic, "SPRING_KAFKA_BOOTSTRAPSERVERS", bootstrap);
    }

    /** Sends {@code id}; counted as published when acknowledged. */
    void publish(String id) {
        producer.send(new ProducerRecord<>(topic, id, id), (metadata, error) -> {
            if (error == null) {
                published.add(id);
            } else {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, error.toString());
            }
        });
    }

    /** Waits for every record sent to be acknowledged or failed. */
    void flush() {
        producer.flush();
    }

    Set<String> published() {
        return published;
    }

    long failed() {
        return failed.get();
    }

    String firstFailure() {
        return firstFailure.get();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
