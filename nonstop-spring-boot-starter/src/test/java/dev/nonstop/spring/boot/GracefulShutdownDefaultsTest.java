package dev.nonstop.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

class GracefulShutdownDefaultsTest {

    @Configuration(proxyBeanMethods = false)
    static class Empty {}

    private static ConfigurableApplicationContext run(String... properties) {
        return new SpringApplicationBuilder(Empty.class)
                .web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "logging.level.root=warn")
                .properties(properties)
                .run();
    }

    @Test
    void gracefulShutdownAndHealthProbesAreTheDefaults() {
        try (ConfigurableApplicationContext context = run()) {
            assertThat(context.getEnvironment().getProperty("server.shutdown")).isEqualTo("graceful");
            assertThat(context.getEnvironment().getProperty("management.endpoint.health.probes.enabled"))
                    .isEqualTo("true");
        }
    }

    @Test
    void whatTheAppSetsWins() {
        try (ConfigurableApplicationContext context =
                run("server.shutdown=immediate", "management.endpoint.health.probes.enabled=false")) {
            assertThat(context.getEnvironment().getProperty("server.shutdown")).isEqualTo("immediate");
            assertThat(context.getEnvironment().getProperty("management.endpoint.health.probes.enabled"))
                    .isEqualTo("false");
        }
    }
}
