package dev.nonstop.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.spring.boot.apps.MvcApp;
import dev.nonstop.spring.boot.apps.MvcAppV2;
import dev.nonstop.spring.boot.apps.RunningApp;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.SessionRepository;

/**
 * Sessions shared through the store {@code nonstop.session.store} names: written by v1, read and
 * changed by v2, read again by v1 (a release, then a rollback), with the app's own DataSource left
 * alone. Needs PostgreSQL on 127.0.0.1:5432 (database {@code test}, user {@code postgres}) and
 * Redis on 127.0.0.1:6379.
 */
class NonstopSessionIntegrationTest {

    private static final String PG_SCHEMA = "nonstop_starter_sessions";

    private static RunningApp v1(String... store) {
        return start(MvcApp.class, "v1", store);
    }

    private static RunningApp v2(String... store) {
        return start(MvcAppV2.class, "v2", store);
    }

    private static RunningApp start(Class<?> app, String version, String... store) {
        List<String> properties = new ArrayList<>(List.of(
                "nonstop.app.version=" + version,
                "spring.datasource.url=jdbc:h2:mem:app-" + version + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
        properties.addAll(List.of(store));
        return RunningApp.start(app, WebApplicationType.SERVLET, properties.toArray(String[]::new));
    }

    /** Logs in on v1, then goes back and forth: every request must see the visits of the one before. */
    private static void aUserStaysLoggedInAcrossVersions(RunningApp v1, RunningApp v2) {
        HttpResponse<String> login = v1.post("/login?user=alice");
        assertThat(login.body()).isEqualTo("hello alice");
        String cookie = RunningApp.sessionCookie(login);

        assertThat(v2.get("/me", "Cookie", cookie).body()).isEqualTo("alice 1");
        assertThat(v1.get("/me", "Cookie", cookie).body()).isEqualTo("alice 2");
        assertThat(v2.get("/me", "Cookie", cookie).body()).isEqualTo("alice 3");
        assertThat(v2.get("/new", "Cookie", cookie).body()).isEqualTo("new in v2");
        assertThat(v1.get("/me").body()).isEqualTo("anonymous");
    }

    private static void theAppsDataSourceHasNoSessionTable(RunningApp app) throws SQLException {
        assertThat(app.context().getBeansOfType(DataSource.class)).hasSize(1);
        try (Connection connection = app.context().getBean(DataSource.class).getConnection()) {
            assertThat(connection.getMetaData().getURL()).startsWith("jdbc:h2:mem:app-");
            try (ResultSet tables = connection.getMetaData().getTables(null, null, "SPRING_SESSION", null)) {
                assertThat(tables.next()).isFalse();
            }
        }
    }

    @Test
    void sessionsInH2AreSharedBetweenVersions() throws Exception {
        String url = "jdbc:h2:mem:sessions-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (RunningApp v1 = v1("nonstop.session.store=jdbc", "nonstop.session.jdbc.url=" + url);
                RunningApp v2 = v2("nonstop.session.store=JDBC", "nonstop.session.jdbc.url=" + url)) {
            aUserStaysLoggedInAcrossVersions(v1, v2);
            theAppsDataSourceHasNoSessionTable(v1);
            try (Connection sessions = DriverManager.getConnection(url);
                    Statement count = sessions.createStatement();
                    ResultSet rows = count.executeQuery("SELECT COUNT(*) FROM SPRING_SESSION")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void sessionsInPostgresqlAreSharedBetweenVersionsAndTheTablesAreCreatedOnce() throws Exception {
        try (Connection admin = postgres();
                Statement sql = admin.createStatement()) {
            sql.execute("DROP SCHEMA IF EXISTS " + PG_SCHEMA + " CASCADE");
            sql.execute("CREATE SCHEMA " + PG_SCHEMA);
        }
        String url = "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + PG_SCHEMA;
        String[] store = {
            "nonstop.session.store=jdbc", "nonstop.session.jdbc.url=" + url, "nonstop.session.jdbc.username=postgres"
        };
        // v1 creates the tables, v2 finds them.
        try (RunningApp v1 = v1(store);
                RunningApp v2 = v2(store)) {
            aUserStaysLoggedInAcrossVersions(v1, v2);
            theAppsDataSourceHasNoSessionTable(v2);
        }
        try (Connection admin = postgres();
                Statement sql = admin.createStatement();
                ResultSet rows = sql.executeQuery("SELECT COUNT(*) FROM " + PG_SCHEMA + ".spring_session")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void sessionsInRedisAreSharedBetweenVersions() throws Exception {
        String[] store = {"nonstop.session.store=redis", "nonstop.session.redis.url=redis://127.0.0.1:6379/3"};
        try (RunningApp v1 = v1(store);
                RunningApp v2 = v2(store)) {
            aUserStaysLoggedInAcrossVersions(v1, v2);
            theAppsDataSourceHasNoSessionTable(v1);
        }
    }

    @Test
    void anAppWithItsOwnSessionRepositoryKeepsIt() {
        try (RunningApp app = start(
                OwnSessions.class,
                "v1",
                "nonstop.session.store=jdbc",
                "nonstop.session.jdbc.url=jdbc:h2:mem:unused;DB_CLOSE_DELAY=-1")) {
            assertThat(app.context().getBeansOfType(SessionRepository.class)).containsOnlyKeys("ownSessions");
            assertThat(app.context().getBeansOfType(dev.nonstop.spring.boot.session.JdbcSessionStore.class))
                    .isEmpty();
        }
    }

    @Test
    void badSettingsStopTheStartNamingTheSetting() {
        assertThatThrownBy(() -> v1("nonstop.session.store=mongo").close())
                .hasStackTraceContaining(
                        "nonstop.session.store (NONSTOP_SESSION_STORE): mongo (expected: jdbc, redis, none or app)");
        assertThatThrownBy(() -> v1("nonstop.session.store=jdbc").close())
                .hasStackTraceContaining("nonstop.session.jdbc.url (NONSTOP_SESSION_JDBC_URL): not set");
        assertThatThrownBy(() -> v1("nonstop.session.store=jdbc", "nonstop.session.jdbc.url=postgres://x")
                        .close())
                .hasStackTraceContaining(
                        "nonstop.session.jdbc.url (NONSTOP_SESSION_JDBC_URL): postgres://x (expected:");
        assertThatThrownBy(() -> v1("nonstop.session.store=redis", "nonstop.session.redis.url=http://x")
                        .close())
                .hasStackTraceContaining("nonstop.session.redis.url (NONSTOP_SESSION_REDIS_URL): http://x (expected:");
    }

    @Configuration(proxyBeanMethods = false)
    @Import(MvcApp.class)
    static class OwnSessions {
        @Bean
        SessionRepository<?> ownSessions() {
            return new MapSessionRepository(new java.util.concurrent.ConcurrentHashMap<>());
        }
    }

    private static Connection postgres() {
        try {
            return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
        } catch (SQLException e) {
            throw new AssertionError(
                    "this test needs PostgreSQL on 127.0.0.1:5432 (database test, user postgres): " + e.getMessage(),
                    e);
        }
    }
}
