package dev.nonstop.spring.boot.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nonstop.spring.boot.apps.RunningApp;
import dev.nonstop.spring.boot.messaging.Ledger;
import dev.nonstop.spring.boot.messaging.RollingRelease;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.boot.WebApplicationType;

/**
 * RabbitMQ consumers drained by the starter, on the machine's RabbitMQ (127.0.0.1:5672,
 * guest/guest), each test on a queue of its own, deleted afterwards.
 */
class RabbitConsumersIntegrationTest {

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
            throw new IllegalStateException("these tests need RabbitMQ at 127.0.0.1:5672 (guest/guest): " + e, e);
        }
        template = new RabbitTemplate(connections);
    }

    @AfterAll
    static void disconnect() {
        connections.destroy();
    }

    @BeforeEach
    void declareQueue() {
        Ledger.reset();
        queue = "nonstop-test-" + UUID.randomUUID();
        admin.declareQueue(new Queue(queue, false, false, false));
    }

    @AfterEach
    void deleteQueue() {
        Ledger.current().release();
        admin.deleteQueue(queue);
    }

    private RunningApp start(String instance) {
        return RunningApp.start(
                RabbitConsumerApp.class,
                WebApplicationType.SERVLET,
                "nonstop.instance.id=" + instance,
                "test.queue=" + queue,
                "spring.rabbitmq.host=127.0.0.1",
                "spring.rabbitmq.port=5672",
                "spring.rabbitmq.username=guest",
                "spring.rabbitmq.password=guest",
                "spring.rabbitmq.listener.simple.prefetch=20");
    }

    @Test
    void aRollingReleaseOfThreeConsumersLosesNoMessage() {
        RollingRelease.Figures figures = RollingRelease.run(
                "rabbitmq",
                RabbitConsumersParticipant.NAME,
                n -> start("rabbit-" + n),
                id -> template.convertAndSend("", queue, "m-" + id));

        assertThat(figures.published()).isGreaterThan(300);
    }

    @Test
    void aConsumerStuckOnAMessageNeverGetsIdleAndSaysWhatItHolds() {
        try (RunningApp app = start("rabbit-stuck")) {
            template.convertAndSend("", queue, "stuck-1");
            await().atMost(Duration.ofSeconds(10)).until(() -> Ledger.current().stuckNow() == 1);

            assertThat(app.nonstop("POST", "/nonstop/drain").statusCode()).isEqualTo(200);

            String expected =
                    "{\"name\":\"rabbitmq\",\"idle\":false,\"inFlight\":1,\"detail\":\"1 container(s): 0 running";
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> app.nonstop("GET", "/nonstop/status").body().contains(expected));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> {
                String status = app.nonstop("GET", "/nonstop/status").body();
                return status.contains("\"idle\":false,\"inFlight\":1,")
                        && status.contains("1 message(s) in hand on queue " + queue + "\"}");
            });

            Ledger.current().release();
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            app.nonstop("GET", "/nonstop/status").body().contains("\"draining\":true,\"idle\":true"));
        }
    }

    @Test
    void drainAndStatusRefuseCallsWithoutTheTokenAndResumeRestartsTheConsumers() {
        try (RunningApp app = start("rabbit-token")) {
            RabbitListenerEndpointRegistry registry = app.context().getBean(RabbitListenerEndpointRegistry.class);

            assertThat(app.post("/nonstop/drain").statusCode()).isEqualTo(401);
            assertThat(app.get("/nonstop/status").statusCode()).isEqualTo(401);
            assertThat(app.post("/nonstop/drain", "Authorization", "Bearer wrong")
                            .statusCode())
                    .isEqualTo(401);
            assertThat(registry.getListenerContainers()).allMatch(c -> c.isRunning());

            app.nonstop("POST", "/nonstop/drain");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> registry.getListenerContainers().stream().noneMatch(c -> c.isRunning()));
            template.convertAndSend("", queue, "m-1");
            Ledger.current().published(1);

            assertThat(app.post("/nonstop/resume").statusCode()).isEqualTo(401);
            app.nonstop("POST", "/nonstop/resume");
            await().atMost(Duration.ofSeconds(10)).until(Ledger.current()::allProcessed);
            assertThat(registry.getListenerContainers()).allMatch(c -> c.isRunning());
        }
    }
}
