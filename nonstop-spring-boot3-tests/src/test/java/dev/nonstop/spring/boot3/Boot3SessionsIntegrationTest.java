package dev.nonstop.spring.boot3;

import static dev.nonstop.spring.boot3.Boot3Http.cookie;
import static dev.nonstop.spring.boot3.Boot3Http.postgres;
import static dev.nonstop.spring.boot3.Boot3Http.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.session.SessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * On Spring Boot 3, {@code spring-session-jdbc} on the classpath turns on Boot's own JDBC sessions on
 * the app's DataSource. The starter brings that library, so it must keep Boot's sessions off unless
 * the app opted in: an app whose own database (PostgreSQL here) has no session tables starts and
 * keeps the container's sessions. Needs PostgreSQL on 127.0.0.1:5432 (database {@code test}, user
 * {@code postgres}).
 */
class Boot3SessionsIntegrationTest {

    private static final String SCHEMA = "nonstop_boot3_app";

    @BeforeEach
    void anEmptySchemaForTheApp() throws SQLException {
        try (Connection admin = postgres();
                Statement sql = admin.createStatement()) {
            sql.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            sql.execute("CREATE SCHEMA " + SCHEMA);
        }
    }

    private static ConfigurableApplicationContext start(String... extra) {
        return new SpringApplicationBuilder(Boot3App.class)
                .properties(
                        "server.port=0",
                        "server.address=127.0.0.1",
                        "spring.main.banner-mode=off",
                        "logging.level.root=warn",
                        "nonstop.app.token=t",
                        "spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + SCHEMA,
                        "spring.datasource.username=postgres")
                .properties(extra)
                .run();
    }

    @Test
    void withoutANonstopStoreTheAppKeepsTheContainersSessionsAndItsDatabaseIsUntouched() throws Exception {
        try (ConfigurableApplicationContext app = start()) {
            assertThat(app.getBeansOfType(SessionRepository.class)).isEmpty();
            assertThat(app.containsBean("springSessionRepositoryFilter")).isFalse();

            HttpResponse<String> login = send(app, "POST", "/login?user=dave");
            assertThat(login.statusCode()).isEqualTo(200);
            String cookie = cookie(login, "JSESSIONID");
            assertThat(send(app, "GET", "/me", "Cookie", cookie).body()).isEqualTo("dave 1");
        }
        assertThat(sessionTableInTheAppsSchema()).isFalse();
    }

    @Test
    void anAppThatSetsSpringSessionPropertiesGetsBootsJdbcSessions() throws Exception {
        try (ConfigurableApplicationContext app = start("spring.session.jdbc.initialize-schema=always")) {
            assertThat(app.getBeansOfType(SessionRepository.class).values())
                    .singleElement()
                    .isInstanceOf(JdbcIndexedSessionRepository.class);
            HttpResponse<String> login = send(app, "POST", "/login?user=erin");
            String cookie = cookie(login, "SESSION");
            assertThat(send(app, "GET", "/me", "Cookie", cookie).body()).isEqualTo("erin 1");
        }
        assertThat(sessionTableInTheAppsSchema()).isTrue();
    }

    private static boolean sessionTableInTheAppsSchema() throws SQLException {
        try (Connection admin = postgres();
                ResultSet tables = admin.getMetaData().getTables(null, SCHEMA, "spring_session", null)) {
            return tables.next();
        }
    }
}
