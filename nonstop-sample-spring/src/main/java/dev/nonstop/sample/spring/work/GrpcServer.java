package dev.nonstop.sample.spring.work;

import dev.nonstop.sample.spring.AppIdentity;
import dev.nonstop.spring.boot.grpc.InFlightCalls;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.net.InetSocketAddress;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Serves {@link Greeter} and the gRPC health service on {@code server.port + sample.grpc.port-offset} (the Nonstop
 * agent hands each instance one port, its HTTP one), on {@code sample.grpc.address} (default 127.0.0.1). The
 * starter drains the server: health {@code NOT_SERVING}, then GOAWAY, then the calls in flight finish.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("sample.grpc.port-offset")
public class GrpcServer {

    @Bean
    HealthStatusManager sampleGrpcHealth() {
        return new HealthStatusManager();
    }

    @Bean(initMethod = "start", destroyMethod = "shutdownNow")
    Server sampleGrpcServer(
            @Value("${server.port}") int httpPort,
            @Value("${sample.grpc.port-offset}") int offset,
            @Value("${sample.grpc.address:127.0.0.1}") String address,
            HealthStatusManager health,
            InFlightCalls calls,
            AppIdentity identity) {
        int port = httpPort + offset;
        if (offset == 0 || port < 1 || port > 65535) {
            throw new IllegalArgumentException("sample.grpc.port-offset: " + offset + " (expected: not 0, and "
                    + "server.port " + httpPort + " + offset between 1 and 65535)");
        }
        return NettyServerBuilder.forAddress(new InetSocketAddress(address, port))
                .addService(health.getHealthService())
                .addService(Greeter.service(identity.version(), identity.instance()))
                .intercept(calls)
                .build();
    }
}
