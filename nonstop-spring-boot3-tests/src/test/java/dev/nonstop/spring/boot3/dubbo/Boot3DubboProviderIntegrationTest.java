package dev.nonstop.spring.boot3.dubbo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nonstop.app.NonstopApp;
import dev.nonstop.app.NonstopStatus;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.dubbo.config.annotation.DubboReference;
import org.apache.dubbo.config.spring.context.DubboSpringInitCustomizerHolder;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

/**
 * The starter's {@code dubbo} participant in a Spring Boot 3.5 app with Dubbo's Spring Boot
 * starter, on a ZooKeeper registry (Curator's {@code TestingServer} on 127.0.0.1): a drained
 * provider unregisters, reports the call in flight until it is answered, then idle; resume
 * registers it again. The provider's host is 127.0.0.1 given as one number (Dubbo refuses a
 * {@code 127.*} host and would bind the wildcard), see the starter's DubboProvidersIntegrationTest.
 */
class Boot3DubboProviderIntegrationTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ProviderApp {}

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(ConsumerApp.Client.class)
    static class ConsumerApp {

        @Component
        static class Client {
            @DubboReference(scope = "remote", retries = 0, timeout = 20_000, check = false)
            Greeter greeter;
        }
    }

    static {
        // Dubbo picks its own JSON library among those it finds and may pick one whose classes are only in part
        // on this classpath: fastjson2 comes with Dubbo.
        System.setProperty("dubbo.json-framework.prefer", "fastjson2");
    }

    @Test
    void aDrainedProviderUnregistersWaitsForItsCallAndResumeRegistersItAgain() throws Exception {
        try (TestingServer zookeeper = new TestingServer(
                        new InstanceSpec(
                                null,
                                -1,
                                -1,
                                -1,
                                true,
                                -1,
                                -1,
                                -1,
                                Map.of("clientPortAddress", "127.0.0.1"),
                                "127.0.0.1"),
                        true);
                CuratorFramework curator =
                        CuratorFrameworkFactory.newClient(zookeeper.getConnectString(), new RetryOneTime(100))) {
            curator.start();
            String providers = "/dubbo/" + Greeter.class.getName() + "/providers";
            String registry = "dubbo.registry.address=zookeeper://" + zookeeper.getConnectString();
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            try (ConfigurableApplicationContext provider = start(
                            ProviderApp.class,
                            registry,
                            "dubbo.application.name=boot3-provider",
                            "dubbo.protocol.name=dubbo",
                            "dubbo.protocol.host=2130706433",
                            "dubbo.protocol.port=" + port,
                            "dubbo.protocol.serialization=hessian2",
                            "dubbo.scan.base-packages=dev.nonstop.spring.boot3.dubbo",
                            "nonstop.dubbo.registry-delay=1s",
                            "nonstop.dubbo.quiet-period=200ms");
                    ConfigurableApplicationContext consumer = start(
                            ConsumerApp.class,
                            registry,
                            "dubbo.application.name=boot3-consumer",
                            "dubbo.application.service-discovery.migration=FORCE_INTERFACE",
                            "dubbo.consumer.serialization=hessian2")) {
                NonstopApp app = provider.getBean(NonstopApp.class);
                Greeter greeter = consumer.getBean(ConsumerApp.Client.class).greeter;
                await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> greeter.greet("a")
                        .equals("hello a"));

                GreeterProvider.gate = new CountDownLatch(1);
                CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> greeter.greet("b"));
                await().atMost(Duration.ofSeconds(10)).until(() -> GreeterProvider.RUNNING.get() == 1);
                app.drain();
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> curator.getChildren().forPath(providers).isEmpty());
                NonstopStatus.Participant busy = dubbo(app.status());
                assertThat(busy.idle()).isFalse();
                assertThat(busy.inFlight()).isEqualTo(1);
                assertThat(busy.detail()).isEqualTo("1 service(s), 0 registered; 1 call(s) in flight");

                GreeterProvider.gate.countDown();
                assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("hello b");
                await().atMost(Duration.ofSeconds(10)).until(() -> app.status().idle());
                assertThat(dubbo(app.status()).detail()).isEqualTo("1 service(s), 0 registered; 0 call(s) in flight");

                app.resume();
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> curator.getChildren().forPath(providers).size() == 1);
                await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> greeter.greet("c")
                        .equals("hello c"));
                assertThat(dubbo(app.status()).detail()).isEqualTo("1 service(s), 1 registered; 0 call(s) in flight");
            }
        } finally {
            GreeterProvider.gate.countDown();
        }
    }

    /** Each app in a Dubbo framework of its own, as in a process of its own. */
    private static ConfigurableApplicationContext start(Class<?> app, String... properties) {
        DubboSpringInitCustomizerHolder.get()
                .addCustomizer(context -> context.setModuleModel(
                        new FrameworkModel().newApplication().getDefaultModule()));
        try {
            return new SpringApplicationBuilder(app)
                    .web(WebApplicationType.NONE)
                    .properties("spring.main.banner-mode=off", "logging.level.root=warn", "nonstop.app.token=t")
                    .properties("dubbo.application.qos-enable=false", "dubbo.application.register-mode=interface")
                    .properties(
                            "dubbo.registry.use-as-config-center=false", "dubbo.registry.use-as-metadata-center=false")
                    .properties(properties)
                    .run();
        } finally {
            DubboSpringInitCustomizerHolder.get().clearCustomizers();
        }
    }

    private static NonstopStatus.Participant dubbo(NonstopStatus status) {
        List<NonstopStatus.Participant> found = status.participants().stream()
                .filter(p -> p.name().equals("dubbo"))
                .toList();
        assertThat(found).as("dubbo participant in %s", status).hasSize(1);
        return found.get(0);
    }
}
