package dev.nonstop.spring.boot.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class Boot3SessionFilterTest {

    private static final String BOOT3 = Boot3SessionFilter.BOOT3_SESSION_AUTO_CONFIGURATION;
    private static final String[] CANDIDATES = {
        "org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration",
        BOOT3,
        // Boot 4's session auto-configurations: other names, never filtered.
        "org.springframework.boot.session.autoconfigure.SessionAutoConfiguration",
        "org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration"
    };

    private static boolean[] match(Map<String, Object> properties, boolean asEnvironmentVariables) {
        return match(properties, asEnvironmentVariables, new FilteredClassLoader("org.springframework.session.data"));
    }

    private static boolean[] match(
            Map<String, Object> properties, boolean asEnvironmentVariables, ClassLoader classLoader) {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(
                        asEnvironmentVariables
                                ? new SystemEnvironmentPropertySource("env", properties)
                                : new MapPropertySource("app", properties));
        Boot3SessionFilter filter = new Boot3SessionFilter();
        filter.setEnvironment(environment);
        filter.setBeanClassLoader(classLoader);
        return filter.match(CANDIDATES, null);
    }

    @Test
    void boot3sSessionAutoConfigurationIsLeftOutUnlessTheAppOptsIn() {
        // Only what the starter brings (spring-session-jdbc): Boot 3's session auto-configuration is left out.
        assertThat(match(Map.of(), false)).containsExactly(true, false, true, true);
        assertThat(match(Map.of("nonstop.session.store", "none"), false)).containsExactly(true, false, true, true);
        assertThat(match(Map.of("unrelated.spring.session.x", "1"), false)).containsExactly(true, false, true, true);

        // The app opted in.
        assertThat(match(Map.of(), false, getClass().getClassLoader()))
                .as("spring-session-data-redis, which the starter does not bring, is on the classpath")
                .containsExactly(true, true, true, true);

        assertThat(match(Map.of("nonstop.session.store", "app"), false)).containsExactly(true, true, true, true);
        assertThat(match(Map.of("NONSTOP_SESSION_STORE", "jdbc"), true)).containsExactly(true, true, true, true);
        assertThat(match(Map.of("spring.session.timeout", "10m"), false)).containsExactly(true, true, true, true);
        assertThat(match(Map.of("SPRING_SESSION_JDBC_INITIALIZESCHEMA", "always"), true))
                .containsExactly(true, true, true, true);
    }
}
