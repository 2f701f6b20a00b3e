package dev.nonstop.spring.boot.grpc;

import dev.nonstop.app.NonstopApp;
import io.grpc.Server;
import io.grpc.protobuf.services.HealthStatusManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * gRPC servers the app declares as {@link Server} beans, each a drain participant ({@code grpc},
 * then {@code grpc-2}, ...), with the app's {@link HealthStatusManager} bean when it has one. The
 * {@link InFlightCalls} bean is the interceptor to add to each server ({@code
 * ServerBuilder.intercept(inFlightCalls)}). {@code nonstop.grpc.go-away-delay} (default {@code 1s})
 * and {@code nonstop.grpc.grace} (default {@code 30s}): see {@link GrpcServerDrain}.
 */
@AutoConfiguration
@ConditionalOnClass(name = {"io.grpc.Server", "io.grpc.protobuf.services.HealthStatusManager"})
public class NonstopGrpcConfiguration {

    public static final String GO_AWAY_DELAY = "nonstop.grpc.go-away-delay";
    public static final String GRACE = "nonstop.grpc.grace";

    @Bean
    @ConditionalOnMissingBean
    public InFlightCalls nonstopGrpcInFlightCalls() {
        return new InFlightCalls();
    }

    /** Registers one participant per {@link Server} bean once every singleton exists. */
    @Bean
    public GrpcServerRegistration nonstopGrpcServerRegistration(
            ObjectProvider<NonstopApp> app,
            ObjectProvider<Server> servers,
            ObjectProvider<HealthStatusManager> health,
            InFlightCalls calls,
            Environment environment) {
        Duration goAwayDelay = duration(environment, GO_AWAY_DELAY, "1s");
        Duration grace = duration(environment, GRACE, "30s");
        return new GrpcServerRegistration(app, servers, health, calls, goAwayDelay, grace);
    }

    private static Duration duration(Environment environment, String property, String fallback) {
        String value = environment.getProperty(property, fallback);
        try {
            return DurationStyle.detectAndParse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + ": " + value + " (expected: a duration such as 1s)", e);
        }
    }

    /** Creates and registers the {@link GrpcServerDrain}s; closes their timers on shutdown. */
    public static final class GrpcServerRegistration implements SmartInitializingSingleton, DisposableBean {

        private final ObjectProvider<NonstopApp> app;
        private final ObjectProvider<Server> servers;
        private final ObjectProvider<HealthStatusManager> health;
        private final InFlightCalls calls;
        private final Duration goAwayDelay;
        private final Duration grace;
        private final List<GrpcServerDrain> drains = new ArrayList<>();

        GrpcServerRegistration(
                ObjectProvider<NonstopApp> app,
                ObjectProvider<Server> servers,
                ObjectProvider<HealthStatusManager> health,
                InFlightCalls calls,
                Duration goAwayDelay,
                Duration grace) {
            this.app = app;
            this.servers = servers;
            this.health = health;
            this.calls = calls;
            this.goAwayDelay = goAwayDelay;
            this.grace = grace;
        }

        @Override
        public void afterSingletonsInstantiated() {
            NonstopApp nonstop = app.getObject();
            HealthStatusManager healthManager = health.getIfUnique();
            servers.orderedStream().forEach(server -> {
                String name =
                        drains.isEmpty() ? GrpcServerDrain.NAME : GrpcServerDrain.NAME + "-" + (drains.size() + 1);
                GrpcServerDrain drain = new GrpcServerDrain(name, server, healthManager, calls, goAwayDelay, grace);
                drains.add(drain);
                nonstop.register(drain);
            });
        }

        public List<GrpcServerDrain> drains() {
            return List.copyOf(drains);
        }

        @Override
        public void destroy() {
            drains.forEach(GrpcServerDrain::close);
        }
    }
}
