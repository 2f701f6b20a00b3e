package dev.nonstop.spring.boot3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nonstop.app.NonstopApp;
import dev.nonstop.app.NonstopStatus;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter's {@code rabbitmq} participant in a Spring Boot 3.5 app (Spring AMQP 3.x), on the
 * machine's RabbitMQ (127.0.0.1:5672, guest/guest), a queue of its own per test: the drain stops
 * the deliveries, the message in hand finishes, the rest waits in the queue, the resume restarts
 * the consumer, and no message is lost.
 */
class Boot3RabbitConsumerIntegrationTest {

    private static CachingConnectionFactory connections;
    private static RabbitAdmin admin;
    private static RabbitTemplate template;
    private String queue;

    @BeforeAll
    static void connect() {
        connections = new CachingConnectionFactory("127.0.0.1", 5672);
        connections.setUsername("guest");
        connections.setPassword("guest");
        admin = new RabbitAdmin(connections);
        try {
            admin.getQueueInfo("amq.rabbitmq.nonstop-probe");
        } catch (RuntimeException e) {
            throw new IllegalStateException("this test needs RabbitMQ at 127.0.0.1:5672 (guest/guest): " + e, e);
        }
        template = new RabbitTemplate(connections);
    }

    @AfterAll
    static void disconnect() {
        connections.destroy();
    }

    @BeforeEach
    void declareQueue() {
        Boot3RabbitConsumerApp.reset();
        queue = "nonstop-boot3-" + UUID.randomUUID();
        admin.declareQueue(new Queue(queue, false, false, false));
    }

    @AfterEach
    void deleteQueue() {
        Boot3RabbitConsumerApp.hold.countDown();
        admin.deleteQueue(queue);
    }

    @Test
    void drainStopsDeliveriesFinishesTheMessageInHandAndResumeLosesNothing() {
        Set<String> published = ConcurrentHashMap.newKeySet();
        AtomicBoolean publishing = new AtomicBoolean(true);
        Thread publisher = new Thread(() -> {
            for (int id = 0; id < 2_000 && publishing.get(); id++) {
                template.convertAndSend("", queue, "m-" + id);
                published.add("m-" + id);
                try {
                    Thread.sleep(2); // the pace of the load, not a wait for a condition
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Boot3RabbitConsumerApp.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "spring.main.banner-mode=off",
                        "logging.level.root=warn",
                        "nonstop.app.token=t",
                        "test.queue=" + queue,
                        "spring.rabbitmq.host=127.0.0.1",
                        "spring.rabbitmq.port=5672",
                        "spring.rabbitmq.username=guest",
                        "spring.rabbitmq.password=guest",
                        "spring.rabbitmq.listener.simple.prefetch=20")
                .run()) {
            NonstopApp app = context.getBean(NonstopApp.class);
            publisher.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> Boot3RabbitConsumerApp.PROCESSED.size() >= 100);

            // A message in hand when the drain comes: it must finish, nothing new may start.
            template.convertAndSend("", queue, "hold-1");
            await().atMost(Duration.ofSeconds(20)).until(() -> Boot3RabbitConsumerApp.STARTED.contains("hold-1"));
            long drainStarted = System.nanoTime();
            app.drain();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> rabbit(app.status()).detail().startsWith("1 container(s): 0 running"));
            NonstopStatus.Participant inHand = rabbit(app.status());
            assertThat(inHand.idle()).isFalse();
            assertThat(inHand.inFlight()).isEqualTo(1);
            assertThat(inHand.detail()).endsWith("1 message(s) in hand on queue " + queue);
            int startedWhileHolding = Boot3RabbitConsumerApp.STARTED.size();
            await().during(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(3))
                    .until(() -> Boot3RabbitConsumerApp.STARTED.size() == startedWhileHolding);

            Boot3RabbitConsumerApp.hold.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> app.status().idle());
            long drainMillis = (System.nanoTime() - drainStarted) / 1_000_000;
            assertThat(Boot3RabbitConsumerApp.PROCESSED.get("hold-1")).hasValue(1);
            assertThat(Boot3RabbitConsumerApp.PROCESSED.keySet()).containsAll(Boot3RabbitConsumerApp.STARTED);

            // Drained: the publisher goes on, the messages wait in the queue.
            int processedAtIdle = Boot3RabbitConsumerApp.PROCESSED.size();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> admin.getQueueInfo(queue).getMessageCount() >= 50);
            assertThat(Boot3RabbitConsumerApp.PROCESSED).hasSize(processedAtIdle);

            app.resume();
            publishing.set(false);
            publisher.join(10_000);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> Boot3RabbitConsumerApp.PROCESSED.keySet().containsAll(published));
            long duplicates = Boot3RabbitConsumerApp.PROCESSED.values().stream()
                    .mapToLong(c -> c.get() - 1L)
                    .sum();
            System.out.printf(
                    "FIGURES rabbitmq on Boot 3.5: published=%d processed=%d lost=0 duplicated=%d drain-ms=%d%n",
                    published.size() + 1, Boot3RabbitConsumerApp.PROCESSED.size(), duplicates, drainMillis);
            assertThat(rabbit(app.status()).detail()).startsWith("1 container(s): 1 running");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            publishing.set(false);
        }
    }

    private static NonstopStatus.Participant rabbit(NonstopStatus status) {
        return status.participants().stream()
                .filter(p -> p.name().equals("rabbitmq"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no rabbitmq participant in " + status));
    }
}
