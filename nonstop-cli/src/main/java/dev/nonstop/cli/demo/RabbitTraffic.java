package dev.nonstop.cli.demo;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Numbered messages to a queue of an AMQP 0-9-1 broker on {@value #HOST} (guest/guest): the demo's own or the
 * machine's RabbitMQ at {@value #PORT}; each counted as published once the broker confirmed it. The queue (durable)
 * is the run's own and is deleted at the end.
 */
final class RabbitTraffic implements AutoCloseable {
    static final String HOST = "127.0.0.1";
    static final int PORT = 5672;

    private final Connection connection;
    private final Channel channel;
    private final String queue;
    private final int port;
    private final Set<String> published = ConcurrentHashMap.newKeySet();

    private RabbitTraffic(Connection connection, Channel channel, String queue, int port) {
        this.connection = connection;
        this.channel = channel;
        this.queue = queue;
        this.port = port;
    }

    /**
     * Connects and declares {@code queue}.
     *
     * @throws IOException when no RabbitMQ answers (the message says why)
     */
    static RabbitTraffic connect(int port, String queue) throws IOException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(HOST);
        factory.setPort(port);
        factory.setUsername("guest");
        factory.setPassword("guest");
        // Generous: a busy small machine may take seconds to answer the handshake.
        factory.setConnectionTimeout(10_000);
        factory.setHandshakeTimeout(20_000);
        factory.setAutomaticRecoveryEnabled(false);
        Connection connection;
        try {
            connection = factory.newConnection("nonstop-demo");
        } catch (IOException | TimeoutException e) {
            throw new IOException("no RabbitMQ answered at " + HOST + ":" + port + " (guest/guest): " + e, e);
        }
        try {
            Channel channel = connection.createChannel();
            channel.queueDeclare(queue, true, false, false, null);
            channel.confirmSelect();
            return new RabbitTraffic(connection, channel, queue, port);
        } catch (IOException e) {
            connection.abort();
            throw new IOException("RabbitMQ at " + HOST + ":" + port + ": cannot declare " + queue + ": " + e, e);
        }
    }

    /** The address the instances connect to, as Spring Boot's variables. */
    java.util.Map<String, String> env() {
        return java.util.Map.of(
                "SAMPLE_RABBIT_QUEUE", queue, "SPRING_RABBITMQ_HOST", HOST, "SPRING_RABBITMQ_PORT", "" + port);
    }

    /** Publishes {@code id} and waits for the broker's confirm. */
    void publish(String id) throws Exception {
        channel.basicPublish("", queue, MessageProperties.PERSISTENT_TEXT_PLAIN, id.getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(Duration.ofSeconds(10).toMillis());
        published.add(id);
    }

    Set<String> published() {
        return published;
    }

    @Override
    public void close() {
        try {
            channel.queueDelete(queue);
        } catch (IOException e) {
            // The connection is going anyway.
        }
        connection.abort();
    }
}
