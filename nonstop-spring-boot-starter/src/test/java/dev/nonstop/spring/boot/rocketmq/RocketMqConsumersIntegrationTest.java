package dev.nonstop.spring.boot.rocketmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nonstop.spring.boot.apps.RunningApp;
import dev.nonstop.spring.boot.messaging.Ledger;
import dev.nonstop.spring.boot.messaging.RollingRelease;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.rocketmq.broker.BrokerController;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.BrokerConfig;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.namesrv.NamesrvConfig;
import org.apache.rocketmq.namesrv.NamesrvController;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;
import org.apache.rocketmq.store.config.MessageStoreConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;

/**
 * RocketMQ push consumers drained by the starter, on a name server and a broker started in the
 * test's JVM from RocketMQ's published jars, on 127.0.0.1 ephemeral ports, storing under a temp dir.
 */
class RocketMqConsumersIntegrationTest {

    private static Path store;
    private static NamesrvController nameServer;
    private static BrokerController broker;
    private static String nameServerAddress;
    private static DefaultMQProducer producer;
    private String topic;

    @BeforeAll
    static void startBroker() throws Exception {
        store = Files.createTempDirectory("nonstop-rocketmq");
        NamesrvConfig namesrvConfig = new NamesrvConfig();
        namesrvConfig.setRocketmqHome(store.toString());
        namesrvConfig.setKvConfigPath(store.resolve("namesrv/kv.json").toString());
        namesrvConfig.setConfigStorePath(
                store.resolve("namesrv/namesrv.properties").toString());
        NettyServerConfig namesrvServer = new NettyServerConfig();
        namesrvServer.setBindAddress("127.0.0.1");
        namesrvServer.setListenPort(0);
        nameServer = new NamesrvController(namesrvConfig, namesrvServer, new NettyClientConfig());
        assertThat(nameServer.initialize()).as("name server initialized").isTrue();
        nameServer.start();
        nameServerAddress = "127.0.0.1:" + nameServer.getRemotingServer().localListenPort();

        BrokerConfig brokerConfig = new BrokerConfig();
        brokerConfig.setRocketmqHome(store.toString());
        brokerConfig.setBrokerName("nonstop-test");
        brokerConfig.setBrokerClusterName("nonstop-test");
        brokerConfig.setNamesrvAddr(nameServerAddress);
        brokerConfig.setBrokerIP1("127.0.0.1");
        NettyServerConfig brokerServer = new NettyServerConfig();
        brokerServer.setBindAddress("127.0.0.1");
        brokerServer.setListenPort(0);
        MessageStoreConfig storeConfig = new MessageStoreConfig();
        storeConfig.setStorePathRootDir(store.resolve("store").toString());
        storeConfig.setStorePathCommitLog(store.resolve("store/commitlog").toString());
        storeConfig.setMappedFileSizeCommitLog(16 * 1024 * 1024);
        storeConfig.setMappedFileSizeConsumeQueue(6000 * 20);
        storeConfig.setTimerWheelEnable(false); // no delayed messages in these tests
        broker = new BrokerController(brokerConfig, brokerServer, new NettyClientConfig(), storeConfig);
        assertThat(broker.initialize()).as("broker initialized").isTrue();
        broker.start();

        producer = new DefaultMQProducer("nonstop-test-producer");
        producer.setNamesrvAddr(nameServerAddress);
        producer.start();
    }

    @AfterAll
    static void stopBroker() throws IOException {
        try {
            if (producer != null) {
                producer.shutdown();
            }
            if (broker != null) {
                broker.shutdown();
            }
        } catch (UnsupportedOperationException e) {
            // RocketMQ 5.3 unmaps its store files through Netty, whose Java 25 cleaner refuses mapped buffers:
            // the broker has stopped serving by then; the JVM releases the mappings when it exits.
            System.out.println(
                    "RocketMQ broker shutdown on Java " + Runtime.version().feature() + ": " + e);
        } finally {
            if (nameServer != null) {
                nameServer.shutdown();
            }
            try (Stream<Path> files = Files.walk(store)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @BeforeEach
    void createTopic() {
        Ledger.reset();
        topic = "nonstop-test-" + UUID.randomUUID().toString().substring(0, 8);
        TopicConfig config = new TopicConfig(topic, 8, 8, PermName.PERM_READ | PermName.PERM_WRITE);
        broker.getTopicConfigManager().updateTopicConfig(config);
        broker.registerBrokerAll(true, false, true);
    }

    @AfterEach
    void release() {
        Ledger.current().release();
    }

    private RunningApp start(String instance, String group) {
        return RunningApp.start(
                RocketMqConsumerApp.class,
                WebApplicationType.SERVLET,
                "nonstop.instance.id=" + instance,
                "test.namesrv=" + nameServerAddress,
                "test.topic=" + topic,
                "test.group=" + group);
    }

    private void publish(String body) {
        try {
            SendStatus status = producer.send(new Message(topic, body.getBytes(StandardCharsets.UTF_8)))
                    .getSendStatus();
            if (status != SendStatus.SEND_OK) {
                throw new IllegalStateException("publishing " + body + ": " + status);
            }
        } catch (Exception e) {
            throw new IllegalStateException("publishing " + body + ": " + e, e);
        }
    }

    @Test
    void aRollingReleaseOfThreeConsumersLosesNoMessage() {
        String group = "group-" + UUID.randomUUID().toString().substring(0, 8);
        RollingRelease.Figures figures = RollingRelease.run(
                "rocketmq",
                RocketMqConsumersParticipant.NAME,
                n -> start("rocketmq-" + n, group),
                id -> publish("m-" + id));

        assertThat(figures.published()).isGreaterThan(300);
    }

    @Test
    void aConsumerStuckOnAMessageNeverGetsIdleAndSaysWhatItHolds() {
        try (RunningApp app =
                start("rocketmq-stuck", "group-" + UUID.randomUUID().toString().substring(0, 8))) {
            publish("stuck-1");
            await().atMost(Duration.ofSeconds(20)).until(() -> Ledger.current().stuckNow() == 1);

            assertThat(app.nonstop("POST", "/nonstop/drain").statusCode()).isEqualTo(200);

            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> {
                String status = app.nonstop("GET", "/nonstop/status").body();
                return status.contains("{\"name\":\"rocketmq\",\"idle\":false,\"inFlight\":1,")
                        && status.contains("1 message(s) in hand on topic " + topic + "\"}");
            });

            Ledger.current().release();
            await().atMost(Duration.ofSeconds(20))
                    .until(() ->
                            app.nonstop("GET", "/nonstop/status").body().contains("\"draining\":true,\"idle\":true"));
        }
    }

    @Test
    void drainAndStatusRefuseCallsWithoutTheTokenAndResumeStartsAConsumerInPlaceOfTheShutOne() {
        try (RunningApp app =
                start("rocketmq-token", "group-" + UUID.randomUUID().toString().substring(0, 8))) {
            DefaultMQPushConsumer bean = app.context().getBean(DefaultMQPushConsumer.class);

            assertThat(app.post("/nonstop/drain").statusCode()).isEqualTo(401);
            assertThat(app.get("/nonstop/status").statusCode()).isEqualTo(401);
            assertThat(app.nonstop("GET", "/nonstop/status").body()).contains("1 running");

            app.nonstop("POST", "/nonstop/drain");
            await().atMost(Duration.ofSeconds(20))
                    .until(() ->
                            app.nonstop("GET", "/nonstop/status").body().contains("\"draining\":true,\"idle\":true"));
            assertThat(bean.getDefaultMQPushConsumerImpl().getServiceState().name())
                    .isEqualTo("SHUTDOWN_ALREADY");
            publish("m-1");
            Ledger.current().published(1);

            app.nonstop("POST", "/nonstop/resume");
            await().atMost(Duration.ofSeconds(30)).until(Ledger.current()::allProcessed);
            assertThat(app.nonstop("GET", "/nonstop/status").body()).contains("1 running");
        }
    }
}
