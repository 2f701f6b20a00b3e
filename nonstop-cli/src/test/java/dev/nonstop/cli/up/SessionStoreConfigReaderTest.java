package dev.nonstop.cli.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.common.config.ConfigException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionStoreConfigReaderTest {
    @TempDir
    Path dir;

    private PlatformConfig parse(String yaml) {
        return PlatformConfigLoader.parse("nonstop.yaml", yaml, dir);
    }

    @Test
    void withoutASessionsSectionTheEmbeddedStoreIsOffered() {
        SessionStoreConfig sessions = parse("apps: []\n").sessions();

        assertThat(sessions.store()).isEqualTo(SessionStoreConfig.Store.EMBEDDED);
        assertThat(sessions.port()).isZero();
        assertThat(sessions.externalEnv()).isEmpty();
    }

    @Test
    void theBuiltInDefaultOffersTheEmbeddedStore() {
        assertThat(PlatformConfigLoader.parse("default", PlatformConfig.DEFAULT_YAML, dir)
                        .sessions())
                .isEqualTo(SessionStoreConfig.embedded());
    }

    @Test
    void anExternalJdbcStoreIsHandedOnAsWritten() {
        SessionStoreConfig sessions = parse(
                        "sessions: { store: jdbc, url: 'jdbc:postgresql://127.0.0.1:5432/test', username: postgres,"
                                + " password: s3cret }\n")
                .sessions();

        assertThat(sessions.externalEnv())
                .containsEntry("NONSTOP_SESSION_STORE", "jdbc")
                .containsEntry("NONSTOP_SESSION_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test")
                .containsEntry("NONSTOP_SESSION_JDBC_USERNAME", "postgres")
                .containsEntry("NONSTOP_SESSION_JDBC_PASSWORD", "s3cret");
        assertThat(sessions.toString()).doesNotContain("s3cret");
    }

    @Test
    void aRedisStoreIsHandedItsUrl() {
        SessionStoreConfig sessions = parse("sessions: { store: redis, url: 'redis://127.0.0.1:6379/2' }\n")
                .sessions();

        assertThat(sessions.externalEnv())
                .containsOnlyKeys("NONSTOP_SESSION_STORE", "NONSTOP_SESSION_REDIS_URL")
                .containsEntry("NONSTOP_SESSION_STORE", "redis");
    }

    @Test
    void noneOffersNothing() {
        assertThat(parse("sessions: { store: none }\n").sessions().externalEnv())
                .isEmpty();
    }

    @Test
    void badSessionSettingsAreNamedWithoutRepeatingThePassword() {
        assertThatThrownBy(() -> parse("sessions: { store: mongo }\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sessions.store")
                .hasMessageContaining("embedded, jdbc, redis, none");
        assertThatThrownBy(() -> parse("sessions: { store: jdbc, url: 'mysql://x' }\n"))
                .hasMessageContaining("sessions.url: mysql://x (expected: a JDBC URL");
        assertThatThrownBy(() -> parse("sessions: { store: redis, url: 'http://x' }\n"))
                .hasMessageContaining("sessions.url");
        assertThatThrownBy(() -> parse("sessions: { store: embedded, port: 70000 }\n"))
                .hasMessageContaining("sessions.port: 70000 (expected: 0-65535");
        assertThatThrownBy(() -> parse("sessions: { store: none, password: hunter2 }\n"))
                .hasMessageContaining("sessions.password")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
        assertThatThrownBy(() -> parse("sessions: { store: embedded, colour: blue }\n"))
                .hasMessageContaining("sessions.colour");
    }
}
