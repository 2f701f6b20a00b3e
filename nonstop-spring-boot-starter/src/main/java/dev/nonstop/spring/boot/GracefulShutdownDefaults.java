package dev.nonstop.spring.boot;

import java.util.Map;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults that make an app stop cleanly, at the lowest precedence (anything the app or its
 * environment sets wins): {@code server.shutdown=graceful}, so that on SIGTERM the web server stops
 * accepting and finishes the requests in flight, and {@code management.endpoint.health.probes.enabled=true},
 * so that {@code /actuator/health/readiness} exists when the actuator is there.
 *
 * <p>An {@link ApplicationListener} of the prepared environment rather than an {@code
 * EnvironmentPostProcessor}: that interface moved package in Spring Boot 4, the listener works the
 * same on Boot 3 and 4. Registered in {@code META-INF/spring.factories}.
 */
public final class GracefulShutdownDefaults
        implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    /** The name of the property source holding the defaults. */
    public static final String SOURCE = "nonstopDefaults";

    static final Map<String, Object> DEFAULTS =
            Map.of("server.shutdown", "graceful", "management.endpoint.health.probes.enabled", "true");

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        if (!environment.getPropertySources().contains(SOURCE)) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE, DEFAULTS));
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
