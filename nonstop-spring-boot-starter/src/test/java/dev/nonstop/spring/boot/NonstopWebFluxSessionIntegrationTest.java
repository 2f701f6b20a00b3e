package dev.nonstop.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.spring.boot.apps.FluxSessionApp;
import dev.nonstop.spring.boot.apps.MvcApp;
import dev.nonstop.spring.boot.apps.RunningApp;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.session.ReactiveMapSessionRepository;
import org.springframework.session.ReactiveSessionRepository;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.InMemoryWebSessionStore;
import org.springframework.web.server.session.WebSessionManager;

/**
 * WebFlux apps share their users' sessions through the store {@code nonstop.session.store} names,
 * as Spring MVC apps do: a user who logged in on one instance is still logged in on the other, also
 * once the first is gone (a release), and a Spring MVC and a WebFlux version of the app read each
 * other's sessions. Needs PostgreSQL on 127.0.0.1:5432 (database {@code test}, user {@code
 * postgres}) and Redis on 127.0.0.1:6379.
 */
class NonstopWebFluxSessionIntegrationTest {

    private static final String REDIS = "redis://127.0.0.1:6379/3";

    private static RunningApp flux(String name, String... store) {
        return start(FluxSessionApp.class, WebApplicationType.REACTIVE, name, store);
    }

    private static RunningApp mvc(String name, String... store) {
        return start(MvcApp.class, WebApplicationType.SERVLET, name, store);
    }

    private static RunningApp start(Class<?> app, WebApplicationType type, String name, String... store) {
        List<String> properties = new ArrayList<>(List.of(
                "nonstop.instance.id=" + name,
                "spring.datasource.url=jdbc:h2:mem:app-" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
        properties.addAll(List.of(store));
        return RunningApp.start(app, type, properties.toArray(String[]::new));
    }

    /**
     * Logs in on {@code one}, then goes back and forth; closes {@code one} (replaced by a release) and
     * the user is still logged in on {@code two}. Returns the session id.
     */
    private static String aUserStaysLoggedInAcrossInstances(RunningApp one, RunningApp two) {
        HttpResponse<String> login = one.post("/login?user=alice");
        assertThat(login.body()).isEqualTo("hello alice");
        String cookie = RunningApp.sessionCookie(login);

        assertThat(two.get("/me", "Cookie", cookie).body()).isEqualTo("alice 1");
        assertThat(one.get("/me", "Cookie", cookie).body()).isEqualTo("alice 2");
        assertThat(two.get("/me").body()).isEqualTo("anonymous");

        one.close();
        assertThat(two.get("/me", "Cookie", cookie).body()).isEqualTo("alice 3");
        return new String(Base64.getDecoder().decode(cookie.substring("SESSION=".length())), StandardCharsets.UTF_8);
    }

    @Test
    void sessionsInPostgresqlAreSharedAndOutliveTheInstanceThatCreatedThem() throws Exception {
        String schema = "nonstop_flux_" + UUID.randomUUID().toString().replace("-", "");
        execute("CREATE SCHEMA " + schema);
        try {
            String[] store = {
                "nonstop.session.store=jdbc",
                "nonstop.session.jdbc.url=jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema,
                "nonstop.session.jdbc.username=postgres"
            };
            try (RunningApp one = flux("one", store);
                    RunningApp two = flux("two", store)) {
                String id = aUserStaysLoggedInAcrossInstances(one, two);
                try (Connection admin = postgres();
                        Statement sql = admin.createStatement();
                        ResultSet rows = sql.executeQuery("SELECT session_id FROM " + schema + ".spring_session")) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isEqualTo(id);
                    assertThat(rows.next()).isFalse();
                }
            }
        } finally {
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void sessionsInRedisAreSharedAndOutliveTheInstanceThatCreatedThem() {
        String[] store = {"nonstop.session.store=redis", "nonstop.session.redis.url=" + REDIS};
        String id;
        try (RunningApp one = flux("one", store);
                RunningApp two = flux("two", store)) {
            id = aUserStaysLoggedInAcrossInstances(one, two);
        }
        try (RedisClient client = RedisClient.create(REDIS);
                StatefulRedisConnection<String, String> redis = client.connect()) {
            String key = "spring:session:sessions:" + id;
            assertThat(redis.sync().hexists(key, "sessionAttr:login")).isTrue();
            redis.sync().del(key);
        }
    }

    @Test
    void sessionsInTheEmbeddedH2StoreAreSharedAndOutliveTheInstanceThatCreatedThem() throws Exception {
        Server h2 = Server.createTcpServer(
                        "-tcpPort",
                        "0",
                        "-baseDir",
                        Files.createTempDirectory("nonstop-flux-sessions").toString(),
                        "-ifNotExists")
                .start();
        try {
            String password = "p-" + UUID.randomUUID();
            Map<String, Object> environment = Map.of(
                    "NONSTOP_SESSION_STORE",
                    "jdbc",
                    "NONSTOP_SESSION_JDBC_URL",
                    "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/sessions",
                    "NONSTOP_SESSION_JDBC_USERNAME",
                    "nonstop",
                    "NONSTOP_SESSION_JDBC_PASSWORD",
                    password);
            try (RunningApp one = RunningApp.startWithEnvironment(
                            FluxSessionApp.class, WebApplicationType.REACTIVE, environment, "nonstop.instance.id=one");
                    RunningApp two = RunningApp.startWithEnvironment(
                            FluxSessionApp.class,
                            WebApplicationType.REACTIVE,
                            environment,
                            "nonstop.instance.id=two")) {
                aUserStaysLoggedInAcrossInstances(one, two);
            }
        } finally {
            h2.stop();
        }
    }

    /** A Spring MVC v1 replaced by a WebFlux v2, then rolled back: the user stays logged in throughout. */
    private static void mvcAndWebFluxReadEachOthersSessions(String... store) {
        try (RunningApp mvc = mvc("mvc", store);
                RunningApp flux = flux("flux", store)) {
            String mvcCookie = RunningApp.sessionCookie(mvc.post("/login?user=bob"));
            assertThat(flux.get("/me", "Cookie", mvcCookie).body()).isEqualTo("bob 1");
            assertThat(mvc.get("/me", "Cookie", mvcCookie).body()).isEqualTo("bob 2");

            String fluxCookie = RunningApp.sessionCookie(flux.post("/login?user=carol"));
            assertThat(mvc.get("/me", "Cookie", fluxCookie).body()).isEqualTo("carol 1");
            assertThat(flux.get("/me", "Cookie", fluxCookie).body()).isEqualTo("carol 2");
        }
    }

    @Test
    void springMvcAndWebFluxVersionsReadEachOthersSessionsInADatabase() {
        mvcAndWebFluxReadEachOthersSessions(
                "nonstop.session.store=jdbc",
                "nonstop.session.jdbc.url=jdbc:h2:mem:sessions-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    @Test
    void springMvcAndWebFluxVersionsReadEachOthersSessionsInRedis() {
        mvcAndWebFluxReadEachOthersSessions("nonstop.session.store=redis", "nonstop.session.redis.url=" + REDIS);
    }

    @Test
    void theDatabaseIsNeverCalledOnAnEventLoop() {
        ThreadRecordingDriver driver = ThreadRecordingDriver.register();
        String url = ThreadRecordingDriver.url("jdbc:h2:mem:sessions-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (RunningApp app = flux("one", "nonstop.session.store=jdbc", "nonstop.session.jdbc.url=" + url)) {
            driver.clear(); // the tables, created at startup
            for (int i = 0; i < 5; i++) {
                String cookie = RunningApp.sessionCookie(app.post("/login?user=user-" + i));
                assertThat(app.get("/me", "Cookie", cookie).body()).isEqualTo("user-" + i + " 1");
            }
            assertThat(driver.calls()).isNotEmpty().allSatisfy(call -> {
                assertThat(call.nonBlocking())
                        .as("%s is an event loop", call.thread())
                        .isFalse();
                assertThat(call.thread()).startsWith("boundedElastic-");
            });
        } finally {
            driver.deregister();
        }
    }

    @Test
    void anAppWithItsOwnReactiveSessionRepositoryOrWebSessionManagerKeepsIt() {
        String[] store = {"nonstop.session.store=jdbc", "nonstop.session.jdbc.url=jdbc:h2:mem:unused;DB_CLOSE_DELAY=-1"
        };
        try (RunningApp app = start(OwnRepository.class, WebApplicationType.REACTIVE, "own-repository", store)) {
            assertThat(app.context().getBeansOfType(ReactiveSessionRepository.class))
                    .containsOnlyKeys("ownSessions");
            assertThat(app.context().getBeansOfType(dev.nonstop.spring.boot.session.JdbcSessionStore.class))
                    .isEmpty();
        }
        try (RunningApp app = start(OwnManager.class, WebApplicationType.REACTIVE, "own-manager", store)) {
            assertThat(app.context().getBeansOfType(WebSessionManager.class)).containsOnlyKeys("webSessionManager");
            assertThat(app.context().getBean("webSessionManager")).isSameAs(OwnManager.MANAGER);
            assertThat(app.context().getBeansOfType(ReactiveSessionRepository.class))
                    .isEmpty();
            String cookie = RunningApp.sessionCookie(app.post("/login?user=dave"));
            assertThat(app.get("/me", "Cookie", cookie).body()).isEqualTo("dave 1");
        }
    }

    @Test
    void withoutAStoreSessionsStayInTheAppsMemory() {
        try (RunningApp app = flux("none")) {
            assertThat(app.context().getBeansOfType(ReactiveSessionRepository.class))
                    .isEmpty();
            String cookie = RunningApp.sessionCookie(app.post("/login?user=erin"));
            assertThat(app.get("/me", "Cookie", cookie).body()).isEqualTo("erin 1");
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(FluxSessionApp.class)
    static class OwnRepository {
        @Bean
        ReactiveSessionRepository<?> ownSessions() {
            return new ReactiveMapSessionRepository(new ConcurrentHashMap<>());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(FluxSessionApp.class)
    static class OwnManager {
        static final DefaultWebSessionManager MANAGER = new DefaultWebSessionManager();

        static {
            MANAGER.setSessionStore(new InMemoryWebSessionStore());
        }

        @Bean
        WebSessionManager webSessionManager() {
            return MANAGER;
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection admin = postgres();
                Statement statement = admin.createStatement()) {
            statement.execute(sql);
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
