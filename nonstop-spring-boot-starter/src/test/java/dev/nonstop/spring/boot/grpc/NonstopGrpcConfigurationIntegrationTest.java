package dev.nonstop.spring.boot.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nonstop.app.NonstopApp;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/** A Spring app's {@link Server} bean becomes the {@code grpc} participant, with its health service and call count. */
class NonstopGrpcConfigurationIntegrationTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class GrpcApp {

        @Bean
        HealthStatusManager health() {
            return new HealthStatusManager();
        }

        @Bean(initMethod = "start", destroyMethod = "shutdownNow")
        Server server(HealthStatusManager health, InFlightCalls calls) {
            return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(health.getHealthService())
                    .intercept(calls)
                    .build();
        }
    }

    @Test
    void serverBeanIsDrainedThroughTheApp() throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(GrpcApp.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "spring.main.banner-mode=off",
                        "logging.level.root=warn",
                        "nonstop.app.token=t",
                        "nonstop.grpc.go-away-delay=200ms")
                .run()) {
            NonstopApp app = context.getBean(NonstopApp.class);
            assertThat(app.participants()).anyMatch(p -> p.name().equals(GrpcServerDrain.NAME));
            Server server = context.getBean(Server.class);

            app.drain();
            CompletableFuture<HealthCheckResponse> health = new CompletableFuture<>();
            io.grpc.health.v1.HealthGrpc.HealthImplBase service = (io.grpc.health.v1.HealthGrpc.HealthImplBase)
                    context.getBean(HealthStatusManager.class).getHealthService();
            service.check(HealthCheckRequest.getDefaultInstance(), new StreamObserver<>() {
                @Override
                public void onNext(HealthCheckResponse value) {
                    health.complete(value);
                }

                @Override
                public void onError(Throwable t) {
                    health.completeExceptionally(t);
                }

                @Override
                public void onCompleted() {}
            });
            assertThat(health.get().getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.NOT_SERVING);
            await().atMost(Duration.ofSeconds(10)).until(() -> app.status().idle());
            assertThat(server.isTerminated()).isTrue();
        }
    }
}
