package dev.nonstop.spring.boot.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nonstop.app.NonstopApp;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.NameResolverRegistry;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 3 gRPC server instances drained and replaced one after another while a client calls throughout:
 * health goes NOT_SERVING, GOAWAY after a delay, the calls in flight finish, 0 failed calls.
 */
class GrpcServerDrainIntegrationTest {

    /** A hand-written unary method with a UTF-8 string marshaller: no protoc needed. */
    static final MethodDescriptor.Marshaller<String> UTF8 = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    static final MethodDescriptor<String, String> ECHO = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName("nonstop.test.Echo", "Echo"))
            .setRequestMarshaller(UTF8)
            .setResponseMarshaller(UTF8)
            .build();

    static final ScheduledExecutorService WORK = Executors.newScheduledThreadPool(2);

    /** One instance: a server answering after 20 ms of work, its health service and its NonstopApp. */
    record Instance(String id, Server server, NonstopApp app, GrpcServerDrain drain, InFlightCalls calls)
            implements AutoCloseable {

        static Instance start(String id) throws IOException {
            InFlightCalls calls = new InFlightCalls();
            HealthStatusManager health = new HealthStatusManager();
            ServerServiceDefinition echo = ServerServiceDefinition.builder("nonstop.test.Echo")
                    .addMethod(
                            ECHO,
                            ServerCalls.asyncUnaryCall((request, response) -> WORK.schedule(
                                    () -> {
                                        response.onNext(id + ":" + request);
                                        response.onCompleted();
                                    },
                                    20,
                                    TimeUnit.MILLISECONDS)))
                    .build();
            Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(echo)
                    .addService(health.getHealthService())
                    .intercept(calls)
                    .build()
                    .start();
            GrpcServerDrain drain = new GrpcServerDrain(
                    GrpcServerDrain.NAME, server, health, calls, Duration.ofSeconds(1), Duration.ofSeconds(10));
            NonstopApp app = NonstopApp.builder(Map.of())
                    .instance(id)
                    .token(Optional.of("t"))
                    .participant(drain)
                    .build();
            return new Instance(id, server, app, drain, calls);
        }

        InetSocketAddress address() {
            return new InetSocketAddress("127.0.0.1", server.getPort());
        }

        @Override
        public void close() {
            drain.close();
            server.shutdownNow();
        }
    }

    /**
     * The controller's {@code GET /api/apps/echo} (the shape of openapi/controller.yaml), with the
     * instances and states the test sets, as a release would.
     */
    static final class Controller implements AutoCloseable {
        final Map<String, String> states = new java.util.concurrent.ConcurrentSkipListMap<>();
        final Map<String, Integer> ports = new ConcurrentHashMap<>();
        final com.sun.net.httpserver.HttpServer server;

        Controller() throws IOException {
            server = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/api/apps/echo", exchange -> {
                byte[] body;
                int code;
                if (!"Bearer controller-token"
                        .equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    code = 401;
                    body = "{\"error\":\"unauthorized\"}".getBytes(StandardCharsets.UTF_8);
                } else {
                    StringBuilder json = new StringBuilder("{\"name\":\"echo\",\"instances\":[");
                    String separator = "";
                    for (Map.Entry<String, String> e : states.entrySet()) {
                        json.append(separator)
                                .append("{\"id\":\"")
                                .append(e.getKey())
                                .append("\",\"app\":\"echo\",\"host\":\"127.0.0.1\",\"port\":")
                                .append(ports.get(e.getKey()))
                                .append(",\"version\":\"v1\",\"state\":\"")
                                .append(e.getValue())
                                .append("\",\"gatewayMemberId\":null}");
                        separator = ",";
                    }
                    body = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
                    code = 200;
                }
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(code, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        void set(Instance instance, String state) {
            ports.computeIfAbsent(instance.id(), id -> instance.server().getPort());
            states.put(instance.id(), state);
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    static Controller controller;

    @BeforeAll
    static void registerResolver() throws IOException {
        controller = new Controller();
        NameResolverRegistry.getDefaultRegistry()
                .register(new NonstopNameResolverProvider(
                        controller.uri(), "controller-token", Duration.ofMillis(100), port -> port));
    }

    @AfterAll
    static void stop() {
        WORK.shutdownNow();
        controller.close();
    }

    @Test
    void clientCallingThroughoutARollingReleaseOfThreeServersSeesNoFailedCall() throws Exception {
        List<Instance> live = new ArrayList<>();
        List<Instance> all = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            live.add(Instance.start("g-" + i));
        }
        all.addAll(live);
        live.forEach(instance -> controller.set(instance, "RUNNING"));
        ManagedChannel channel = NettyChannelBuilder.forTarget("nonstop:///echo")
                .defaultLoadBalancingPolicy("round_robin")
                .usePlaintext()
                .build();
        AtomicBoolean calling = new AtomicBoolean(true);
        AtomicLong ok = new AtomicLong();
        List<String> failures = new CopyOnWriteArrayList<>();
        Map<String, AtomicLong> perInstance = new ConcurrentHashMap<>();
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread client = new Thread(() -> {
                long n = 0;
                while (calling.get()) {
                    try {
                        String answer = ClientCalls.blockingUnaryCall(
                                channel, ECHO, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), "c" + n++);
                        perInstance
                                .computeIfAbsent(answer.substring(0, answer.indexOf(':')), k -> new AtomicLong())
                                .incrementAndGet();
                        ok.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.add(e.toString());
                    }
                }
            });
            client.start();
            clients.add(client);
        }
        Map<String, Long> drainMillis = new java.util.LinkedHashMap<>();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> ok.get() >= 100);
            for (int i = 1; i <= 3; i++) {
                Instance next = Instance.start("g-" + (i + 3));
                all.add(next);
                live.add(next);
                controller.set(next, "RUNNING");
                Instance old = live.remove(0);
                // The controller marks the instance DRAINING: the resolver drops it before its drain starts.
                controller.set(old, "DRAINING");
                AtomicLong seen = new AtomicLong(-1);
                await().atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(300))
                        .until(() -> old.calls().count() == 0
                                && seen.getAndSet(old.calls().total())
                                        == old.calls().total());
                long start = System.nanoTime();
                old.app().drain();
                HealthCheckResponse.ServingStatus health;
                ManagedChannel direct = NettyChannelBuilder.forAddress(old.address())
                        .usePlaintext()
                        .build();
                try {
                    health = HealthGrpc.newBlockingStub(direct)
                            .check(HealthCheckRequest.getDefaultInstance())
                            .getStatus();
                } finally {
                    direct.shutdownNow();
                }
                assertThat(health).isEqualTo(HealthCheckResponse.ServingStatus.NOT_SERVING);
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> old.app().status().idle());
                drainMillis.put(old.id(), (System.nanoTime() - start) / 1_000_000);
                assertThat(old.server().isTerminated()).isTrue();
                assertThat(old.calls().count()).isZero();
                controller.set(old, "STOPPED");
                long before = ok.get();
                await().atMost(Duration.ofSeconds(10)).until(() -> ok.get() >= before + 50);
            }
        } finally {
            calling.set(false);
            for (Thread client : clients) {
                client.join(10_000);
            }
            channel.shutdownNow();
            all.forEach(Instance::close);
        }
        System.out.printf(
                "grpc rolling release: %d calls ok, %d failed, per instance %s, drain (to terminated) ms %s%n",
                ok.get(), failures.size(), perInstance, drainMillis);
        assertThat(failures).as("failed calls").isEmpty();
        assertThat(perInstance.keySet()).contains("g-1", "g-4", "g-6");
    }
}
