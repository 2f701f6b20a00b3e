package dev.nonstop.spring.boot.dubbo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nonstop.spring.boot.apps.RunningApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.dubbo.config.spring.context.DubboSpringInitCustomizerHolder;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Dubbo providers (Spring Boot apps with Dubbo's starter and ours, each in its own application
 * context and Dubbo application, on ports of their own) drained through {@code POST
 * /nonstop/drain}, with a consumer app calling them through a ZooKeeper registry (Curator's
 * {@code TestingServer} on 127.0.0.1). Each app has a Dubbo framework of its own (see {@link
 * #inOwnDubboFramework}).
 *
 * <p>Dubbo will not register nor bind a {@code 127.*} host (it binds the wildcard instead), so the
 * providers give {@code dubbo.protocol.host} as {@code 2130706433}: 127.0.0.1 in the one-number
 * form of an IPv4 literal, which Java resolves to 127.0.0.1 and Dubbo takes as a host of its own.
 * The tests check in {@code /proc/net/tcp} that the providers listen on 127.0.0.1 only.
 */
class DubboProvidersIntegrationTest {

    /** 127.0.0.1 as one 32-bit number: see the class comment. */
    static final String LOOPBACK_AS_NUMBER = "2130706433";

    static final String PROVIDERS_PATH = "/dubbo/" + EchoService.class.getName() + "/providers";

    static TestingServer zookeeper;
    static CuratorFramework curator;
    static ConfigurableApplicationContext consumer;
    static EchoService echo;

    @BeforeAll
    static void startZooKeeperAndConsumer() throws Exception {
        // Dubbo picks Jackson 2 for its own JSON when jackson-databind is on the classpath, and then needs
        // jackson-datatype-jsr310, which a Spring Boot 4 app (Jackson 3) lacks: fastjson2 comes with Dubbo.
        System.setProperty("dubbo.json-framework.prefer", "fastjson2");
        zookeeper = new TestingServer(
                new InstanceSpec(
                        null, -1, -1, -1, true, -1, -1, -1, Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1"),
                true);
        curator = CuratorFrameworkFactory.newClient(zookeeper.getConnectString(), new RetryOneTime(100));
        curator.start();
        consumer = inOwnDubboFramework(() -> new SpringApplicationBuilder(DubboConsumerApp.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "spring.main.banner-mode=off",
                        "logging.level.root=warn",
                        "nonstop.app.token=" + RunningApp.TOKEN,
                        "dubbo.application.name=nonstop-dubbo-consumer",
                        "dubbo.application.qos-enable=false",
                        "dubbo.application.register-mode=interface",
                        "dubbo.application.service-discovery.migration=FORCE_INTERFACE",
                        "dubbo.registry.address=zookeeper://" + zookeeper.getConnectString(),
                        "dubbo.registry.use-as-config-center=false",
                        "dubbo.registry.use-as-metadata-center=false",
                        "dubbo.consumer.serialization=hessian2")
                .run());
        echo = consumer.getBean(DubboConsumerApp.Client.class).echo;
    }

    @AfterAll
    static void stop() throws IOException {
        SlowCalls.release();
        if (consumer != null) {
            consumer.close();
        }
        if (curator != null) {
            curator.close();
        }
        if (zookeeper != null) {
            zookeeper.close();
        }
    }

    @BeforeEach
    void resetSlowCalls() {
        SlowCalls.reset();
    }

    record Provider(String id, int port, RunningApp app) implements AutoCloseable {

        String status() {
            return app.nonstop("GET", "/nonstop/status").body();
        }

        @Override
        public void close() {
            app.close();
        }
    }

    static Provider startProvider(String id) {
        int port = freePort();
        RunningApp app = inOwnDubboFramework(() -> RunningApp.start(
                DubboProviderApp.class,
                WebApplicationType.SERVLET,
                "nonstop.instance.id=" + id,
                "nonstop.dubbo.quiet-period=500ms", // registry delay: 5 s, the consumers' (Dubbo's default)
                "dubbo.application.name=nonstop-dubbo-provider",
                "dubbo.application.qos-enable=false",
                "dubbo.application.register-mode=interface",
                "dubbo.registry.address=zookeeper://" + zookeeper.getConnectString(),
                "dubbo.registry.use-as-config-center=false",
                "dubbo.registry.use-as-metadata-center=false",
                "dubbo.protocol.name=dubbo",
                "dubbo.protocol.host=" + LOOPBACK_AS_NUMBER,
                "dubbo.protocol.port=" + port,
                "dubbo.protocol.serialization=hessian2",
                "dubbo.scan.base-packages=dev.nonstop.spring.boot.dubbo.provider"));
        Provider provider = new Provider(id, port, app);
        assertThat(LoopbackListeners.listening(port))
                .as("addresses listening on provider %s's Dubbo port %d", id, port)
                .containsExactly("127.0.0.1");
        return provider;
    }

    /**
     * Starts an app whose Dubbo application lives in a Dubbo framework of its own, as it would in a
     * process of its own: Dubbo's Spring integration would otherwise put every app of this JVM in one
     * framework, where providers of the same service share one entry of the service repository.
     */
    static <T> T inOwnDubboFramework(Supplier<T> start) {
        DubboSpringInitCustomizerHolder.get()
                .addCustomizer(context -> context.setModuleModel(
                        new FrameworkModel().newApplication().getDefaultModule()));
        try {
            return start.get();
        } finally {
            DubboSpringInitCustomizerHolder.get().clearCustomizers();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> registeredProviders() throws Exception {
        if (curator.checkExists().forPath(PROVIDERS_PATH) == null) {
            return List.of();
        }
        return curator.getChildren().forPath(PROVIDERS_PATH);
    }

    @Test
    void aConsumerCallingThroughoutARollingReleaseOfThreeProvidersSeesNoFailedCall() throws Exception {
        List<Provider> live = new ArrayList<>();
        List<Provider> all = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            live.add(startProvider("dubbo-" + n));
        }
        all.addAll(live);
        // The consumer hears of the providers from ZooKeeper (Dubbo delays its notifications by up to 5 s):
        // the counted calls start once it reaches all three.
        Set<String> reached = ConcurrentHashMap.newKeySet();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            String answer = echo.echo("probe");
            reached.add(answer.substring(0, answer.indexOf(':')));
            return reached.size() == 3;
        });
        AtomicBoolean calling = new AtomicBoolean(true);
        AtomicLong ok = new AtomicLong();
        List<String> failures = new CopyOnWriteArrayList<>();
        Map<String, AtomicLong> perInstance = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread client = new Thread(
                    () -> {
                        long n = 0;
                        while (calling.get() && n < 200_000 && System.nanoTime() < deadline) {
                            try {
                                String answer = echo.echo("c" + n++);
                                perInstance
                                        .computeIfAbsent(
                                                answer.substring(0, answer.indexOf(':')), k -> new AtomicLong())
                                        .incrementAndGet();
                                ok.incrementAndGet();
                            } catch (RuntimeException e) {
                                failures.add(e.toString());
                            }
                        }
                    },
                    "dubbo-client-" + t);
            client.start();
            clients.add(client);
        }
        Map<String, Long> drainMillis = new LinkedHashMap<>();
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> perInstance.keySet().containsAll(List.of("dubbo-0", "dubbo-1", "dubbo-2")));
            for (int n = 0; n < 3; n++) {
                Provider old = live.get(n);
                long started = System.nanoTime();
                assertThat(old.app().nonstop("POST", "/nonstop/drain").statusCode())
                        .isEqualTo(200);
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(10))
                        .until(() -> old.status().contains("\"draining\":true,\"idle\":true"));
                long millis = (System.nanoTime() - started) / 1_000_000;
                drainMillis.put(old.id(), millis);
                String status = old.status();
                assertThat(status).contains("{\"name\":\"dubbo\",\"idle\":true,\"inFlight\":0,");
                assertThat(registeredProviders()).noneMatch(url -> url.contains("%3A" + old.port() + "%2F"));
                long servedAtIdle = perInstance.get(old.id()).get();
                System.out.println("drained " + old.id() + " in " + millis + " ms: " + status);
                old.close();
                assertThat(perInstance.get(old.id()).get())
                        .as("calls answered by %s after it reported idle", old.id())
                        .isEqualTo(servedAtIdle);
                Provider fresh = startProvider("dubbo-" + (3 + n));
                all.add(fresh);
                live.set(n, fresh);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> perInstance.containsKey(fresh.id())
                                && perInstance.get(fresh.id()).get() >= 50);
            }
        } finally {
            calling.set(false);
            for (Thread client : clients) {
                client.join(15_000);
            }
            all.forEach(Provider::close);
        }
        System.out.printf(
                "FIGURES dubbo: providers=3 rolled=3 calls=%d failed=%d per-instance=%s drain-ms(per provider)=%s%n",
                ok.get() + failures.size(), failures.size(), perInstance, drainMillis);
        assertThat(failures).as("failed Dubbo calls").isEmpty();
        assertThat(perInstance.keySet()).contains("dubbo-3", "dubbo-4", "dubbo-5");
        assertThat(ok.get()).isGreaterThan(500);
    }

    @Test
    void aSlowCallKeepsTheDrainedProviderBusyUntilItIsAnsweredAndResumeRegistersItAgain() throws Exception {
        try (Provider provider = startProvider("dubbo-slow")) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> registeredProviders().size() == 1);
            // The consumer hears of the provider from ZooKeeper, up to 5 s later (Dubbo's notification delay).
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> echo.echo("probe")
                    .equals("dubbo-slow:probe"));
            CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> echo.slow("s-1"));
            await().atMost(Duration.ofSeconds(10)).until(() -> SlowCalls.running() == 1);
            assertThat(provider.status())
                    .contains(
                            "{\"name\":\"dubbo\",\"idle\":false,\"inFlight\":1,\"detail\":\"1 service(s), 1 registered; 1 call(s) in flight\"}");

            assertThat(provider.app().nonstop("POST", "/nonstop/drain").statusCode())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> registeredProviders().isEmpty());
            String busy =
                    "{\"name\":\"dubbo\",\"idle\":false,\"inFlight\":1,\"detail\":\"1 service(s), 0 registered; 1 call(s) in flight\"}";
            await().atMost(Duration.ofSeconds(5)).until(() -> provider.status().contains(busy));
            await().during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(3))
                    .until(() -> provider.status().contains(busy) && !slow.isDone());

            SlowCalls.release();
            assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("dubbo-slow:s-1");
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> provider.status().contains("\"draining\":true,\"idle\":true"));
            assertThat(provider.status()).contains("{\"name\":\"dubbo\",\"idle\":true,\"inFlight\":0,");

            assertThat(provider.app().post("/nonstop/resume").statusCode()).isEqualTo(401);
            assertThat(provider.app().nonstop("POST", "/nonstop/resume").statusCode())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> registeredProviders().size() == 1);
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> echo.echo("after-resume")
                    .equals("dubbo-slow:after-resume"));
        }
    }
}
