package dev.nonstop.spring.boot.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.nonstop.spring.boot.apps.RunningApp;
import dev.nonstop.spring.boot.messaging.Ledger;
import dev.nonstop.spring.boot.messaging.RollingRelease;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** Kafka consumers drained by the starter, on a KRaft broker started in the test's JVM on 127.0.0.1. */
class KafkaConsumersIntegrationTest {

    private static EmbeddedKafkaKraftBroker broker;
    private static String bootstrap;
    private static DefaultKafkaProducerFactory<String, String> producers;
    private static KafkaTemplate<String, String> template;
    private String topic;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 6);
        ((Logger) LoggerFactory.getLogger("org.apache.kafka")).setLevel(Level.WARN);
        ((Logger) LoggerFactory.getLogger("kafka")).setLevel(Level.WARN);
        broker.brokerProperty("listeners", "EXTERNAL://127.0.0.1:0,CONTROLLER://127.0.0.1:0");
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        broker.afterPropertiesSet();
        bootstrap = broker.getBrokersAsString().replace("localhost", "127.0.0.1");
        producers = new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                0,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class));
        template = new KafkaTemplate<>(producers);
    }

    @AfterAll
    static void stopBroker() {
        producers.destroy();
        broker.destroy();
    }

    @BeforeEach
    void createTopic() {
        Ledger.reset();
        topic = "nonstop-test-" + UUID.randomUUID();
        broker.addTopics(new NewTopic(topic, 6, (short) 1));
    }

    private RunningApp start(String instance, String group) {
        return RunningApp.start(
                KafkaConsumerApp.class,
                WebApplicationType.SERVLET,
                "nonstop.instance.id=" + instance,
                "test.topic=" + topic,
                "test.group=" + group,
                "spring.kafka.bootstrap-servers=" + bootstrap,
                "spring.kafka.consumer.auto-offset-reset=earliest",
                "spring.kafka.listener.concurrency=2");
    }

    private void publish(String value) {
        try {
            template.send(topic, value, value).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("publishing " + value + ": " + e, e);
        }
    }

    @Test
    void aRollingReleaseOfThreeConsumersSkipsNoRecord() {
        String group = "group-" + UUID.randomUUID();
        RollingRelease.Figures figures = RollingRelease.run(
                "kafka", KafkaConsumersParticipant.NAME, n -> start("kafka-" + n, group), id -> publish("m-" + id));

        assertThat(figures.published()).isGreaterThan(300);
    }

    @Test
    void consumersRebalanceCooperativelyUnlessTheAppSaysOtherwise() {
        try (RunningApp app = start("kafka-assignor", "group-" + UUID.randomUUID())) {
            assertThat(app.context()
                            .getBean(DefaultKafkaConsumerFactory.class)
                            .getConfigurationProperties()
                            .get(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG))
                    .isEqualTo(CooperativeStickyAssignor.class.getName());
        }
        try (RunningApp app = RunningApp.start(
                KafkaConsumerApp.class,
                WebApplicationType.SERVLET,
                "nonstop.instance.id=kafka-range",
                "test.topic=" + topic,
                "test.group=group-" + UUID.randomUUID(),
                "spring.kafka.bootstrap-servers=" + bootstrap,
                "spring.kafka.consumer.properties.partition.assignment.strategy="
                        + "org.apache.kafka.clients.consumer.RangeAssignor")) {
            assertThat(app.context()
                            .getBean(DefaultKafkaConsumerFactory.class)
                            .getConfigurationProperties()
                            .get(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG))
                    .isEqualTo("org.apache.kafka.clients.consumer.RangeAssignor");
        }
    }

    @Test
    void aConsumerStuckOnARecordNeverGetsIdleAndSaysWhatItHolds() {
        try (RunningApp app = start("kafka-stuck", "group-" + UUID.randomUUID())) {
            publish("stuck-1");
            await().atMost(Duration.ofSeconds(60)).until(() -> Ledger.current().stuckNow() == 1);

            assertThat(app.nonstop("POST", "/nonstop/drain").statusCode()).isEqualTo(200);

            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> {
                String status = app.nonstop("GET", "/nonstop/status").body();
                return status.contains("{\"name\":\"kafka\",\"idle\":false,\"inFlight\":1,")
                        && status.contains("1 record(s) in hand on topic " + topic + "\"}");
            });

            Ledger.current().release();
            await().atMost(Duration.ofSeconds(60))
                    .until(() ->
                            app.nonstop("GET", "/nonstop/status").body().contains("\"draining\":true,\"idle\":true"));
        }
    }

    @Test
    void drainAndStatusRefuseCallsWithoutTheTokenAndResumeRestartsTheConsumers() {
        try (RunningApp app = start("kafka-token", "group-" + UUID.randomUUID())) {
            KafkaListenerEndpointRegistry registry = app.context().getBean(KafkaListenerEndpointRegistry.class);

            assertThat(app.post("/nonstop/drain").statusCode()).isEqualTo(401);
            assertThat(app.get("/nonstop/status").statusCode()).isEqualTo(401);
            assertThat(registry.getListenerContainers()).allMatch(c -> c.isRunning());

            app.nonstop("POST", "/nonstop/drain");
            await().atMost(Duration.ofSeconds(60))
                    .until(() ->
                            app.nonstop("GET", "/nonstop/status").body().contains("\"draining\":true,\"idle\":true"));
            assertThat(registry.getListenerContainers()).noneMatch(c -> c.isRunning());
            publish("m-1");
            Ledger.current().published(1);

            long intercepted = KafkaConsumerApp.INTERCEPTED.get();
            app.nonstop("POST", "/nonstop/resume");
            await().atMost(Duration.ofSeconds(60)).until(Ledger.current()::allProcessed);
            assertThat(registry.getListenerContainers()).allMatch(c -> c.isRunning());
            assertThat(KafkaConsumerApp.INTERCEPTED.get())
                    .as("the app's own interceptor still runs")
                    .isGreaterThan(intercepted);
        }
    }
}
