package dev.nonstop.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.spring.boot.NonstopSettings.SessionStore;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class NonstopSettingsTest {

    private static StandardEnvironment environment(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-env", variables));
        return environment;
    }

    @Test
    void theAgentsEnvironmentVariablesAreTheProperties() {
        StandardEnvironment environment = environment(Map.of(
                "NONSTOP_SESSION_STORE", "Redis",
                "NONSTOP_SESSION_REDIS_URL", "redis://127.0.0.1:6379",
                "NONSTOP_APP_TOKEN", "tok"));

        assertThat(NonstopSettings.sessionStore(environment)).isEqualTo(SessionStore.REDIS);
        assertThat(NonstopSettings.required(environment, NonstopSettings.SESSION_REDIS_URL, "x"))
                .isEqualTo("redis://127.0.0.1:6379");
        assertThat(environment.getProperty(NonstopSettings.TOKEN)).isEqualTo("tok");
        assertThat(NonstopSettings.envName(NonstopSettings.SESSION_JDBC_USERNAME))
                .isEqualTo("NONSTOP_SESSION_JDBC_USERNAME");
    }

    @Test
    void noStoreIsNoneAndAnUnknownOneIsRefused() {
        assertThat(NonstopSettings.sessionStore(environment(Map.of()))).isEqualTo(SessionStore.NONE);
        StandardEnvironment app = new StandardEnvironment();
        app.getPropertySources().addFirst(new MapPropertySource("app", Map.of("nonstop.session.store", "App")));
        assertThat(NonstopSettings.sessionStore(app)).isEqualTo(SessionStore.APP);
        StandardEnvironment typo = new StandardEnvironment();
        typo.getPropertySources().addFirst(new MapPropertySource("app", Map.of("nonstop.session.store", "jbdc")));
        assertThatThrownBy(() -> NonstopSettings.sessionStore(typo))
                .hasMessage("nonstop.session.store (NONSTOP_SESSION_STORE): jbdc (expected: jdbc, redis, none or app)");
        assertThatThrownBy(() -> NonstopSettings.required(typo, NonstopSettings.SESSION_JDBC_URL, "a JDBC URL"))
                .hasMessage("nonstop.session.jdbc.url (NONSTOP_SESSION_JDBC_URL): not set (expected: a JDBC URL)");
    }
}
