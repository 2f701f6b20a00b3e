package dev.nonstop.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.spring.boot.apps.MvcApp;
import dev.nonstop.spring.boot.apps.RunningApp;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The session store {@code nonstop up} hands its apps: an H2 server over TCP on loopback, with a
 * password, named in the instances' environment ({@code NONSTOP_SESSION_*}). Two instances of an app
 * with only the starter (and its own database) share their users' sessions.
 */
class EmbeddedSessionStoreIntegrationTest {

    private static final String USER = "nonstop";
    private static final String PASSWORD = "p-" + UUID.randomUUID();

    private static Server h2;
    private static String url;

    @BeforeAll
    static void startTheStore() throws Exception {
        Path dir = Files.createTempDirectory("nonstop-sessions");
        h2 = Server.createTcpServer("-tcpPort", "0", "-baseDir", dir.toString(), "-ifNotExists")
                .start();
        url = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/sessions";
    }

    @AfterAll
    static void stopTheStore() {
        h2.stop();
    }

    private static Map<String, Object> environment(String password) {
        return Map.of(
                "NONSTOP_SESSION_STORE", "jdbc",
                "NONSTOP_SESSION_JDBC_URL", url,
                "NONSTOP_SESSION_JDBC_USERNAME", USER,
                "NONSTOP_SESSION_JDBC_PASSWORD", password);
    }

    private static RunningApp instance(String name, String password) {
        return RunningApp.startWithEnvironment(
                MvcApp.class,
                environment(password),
                "nonstop.instance.id=" + name,
                "spring.datasource.url=jdbc:h2:mem:app-" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    @Test
    void twoInstancesShareSessionsInTheEmbeddedStore() throws Exception {
        try (RunningApp one = instance("one", PASSWORD);
                RunningApp two = instance("two", PASSWORD)) {
            HttpResponse<String> login = one.post("/login?user=carol");
            assertThat(login.body()).isEqualTo("hello carol");
            String cookie = RunningApp.sessionCookie(login);

            assertThat(two.get("/me", "Cookie", cookie).body()).isEqualTo("carol 1");
            assertThat(one.get("/me", "Cookie", cookie).body()).isEqualTo("carol 2");
            assertThat(two.get("/me").body()).isEqualTo("anonymous");

            // The app's own database stays its own: no session table there.
            try (Connection own = one.context().getBean(DataSource.class).getConnection();
                    ResultSet tables = own.getMetaData().getTables(null, null, "SPRING_SESSION", null)) {
                assertThat(own.getMetaData().getURL()).startsWith("jdbc:h2:mem:app-one-");
                assertThat(tables.next()).isFalse();
            }
        }
        try (Connection store = DriverManager.getConnection(url, USER, PASSWORD);
                Statement sql = store.createStatement();
                ResultSet rows = sql.executeQuery("SELECT COUNT(*) FROM SPRING_SESSION")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void aWrongPasswordStopsTheStartNamingTheStore() {
        // The store exists once the first test or this connection created it, with PASSWORD.
        try (Connection ignored = DriverManager.getConnection(url, USER, PASSWORD)) {
            assertThat(ignored.isValid(5)).isTrue();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThatThrownBy(() -> instance("bad", "wrong").close())
                .hasStackTraceContaining("cannot reach the session database");
    }

    @Test
    void aMissingDriverStopsTheStartNamingTheSettingAndTheDriver() {
        assertThatThrownBy(() -> RunningApp.startWithEnvironment(
                                MvcApp.class,
                                Map.of(
                                        "NONSTOP_SESSION_STORE",
                                        "jdbc",
                                        "NONSTOP_SESSION_JDBC_URL",
                                        "jdbc:mariadb://127.0.0.1:3306/test"),
                                "spring.datasource.url=jdbc:h2:mem:app-nodriver-" + UUID.randomUUID())
                        .close())
                .hasStackTraceContaining("nonstop.session.jdbc.url (NONSTOP_SESSION_JDBC_URL): "
                        + "jdbc:mariadb://127.0.0.1:3306/test needs a JDBC driver the app lacks "
                        + "(add org.mariadb.jdbc:mariadb-java-client to the app's dependencies)");
    }
}
