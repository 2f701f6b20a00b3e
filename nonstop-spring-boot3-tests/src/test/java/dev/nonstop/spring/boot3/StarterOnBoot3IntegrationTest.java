package dev.nonstop.spring.boot3;

import static dev.nonstop.spring.boot3.Boot3Http.CLIENT;
import static dev.nonstop.spring.boot3.Boot3Http.send;
import static dev.nonstop.spring.boot3.Boot3Http.status;
import static dev.nonstop.spring.boot3.Boot3Http.uri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The starter jar, compiled against Spring Boot 4, in a Spring Boot 3.5 app: the contract, the
 * in-flight count, readiness on drain, graceful shutdown and JDBC sessions shared by two versions in
 * the store {@code nonstop up} hands its apps (H2 over TCP), with nothing but the starter added.
 */
class StarterOnBoot3IntegrationTest {

    private static final String TOKEN = "boot3-token";
    private static final String SESSIONS_PASSWORD = "p-" + UUID.randomUUID();

    private static ConfigurableApplicationContext v1;
    private static ConfigurableApplicationContext v2;
    private static Server sessions;
    private static String sessionsUrl;

    /** The session store as {@code nonstop up} serves it: H2 over TCP on loopback, with a password. */
    @BeforeAll
    static void start() throws Exception {
        sessions = Server.createTcpServer(
                        "-tcpPort",
                        "0",
                        "-baseDir",
                        Files.createTempDirectory("boot3-sessions").toString(),
                        "-ifNotExists")
                .start();
        sessionsUrl = "jdbc:h2:tcp://127.0.0.1:" + sessions.getPort() + "/sessions";
        v1 = start("v1");
        v2 = start("v2");
    }

    private static ConfigurableApplicationContext start(String version) {
        return new SpringApplicationBuilder(Boot3App.class)
                .properties(
                        "server.port=0",
                        "server.address=127.0.0.1",
                        "spring.main.banner-mode=off",
                        "logging.level.root=warn",
                        "nonstop.app.token=" + TOKEN,
                        "nonstop.instance.id=boot3-" + version,
                        "nonstop.app.version=" + version,
                        "management.endpoints.web.exposure.include=health",
                        "spring.datasource.url=jdbc:h2:mem:boot3-app-" + version + "-" + UUID.randomUUID())
                // Handed as environment variables, the way the agent does.
                .initializers(context -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource(
                                "nonstop-agent-environment",
                                Map.of(
                                        "NONSTOP_SESSION_STORE",
                                        "jdbc",
                                        "NONSTOP_SESSION_JDBC_URL",
                                        sessionsUrl,
                                        "NONSTOP_SESSION_JDBC_USERNAME",
                                        "nonstop",
                                        "NONSTOP_SESSION_JDBC_PASSWORD",
                                        SESSIONS_PASSWORD))))
                .run();
    }

    @AfterAll
    static void stop() {
        v1.close();
        v2.close();
        sessions.stop();
    }

    @AfterEach
    void resume() {
        Boot3App.gate.countDown();
        send(v1, "POST", "/nonstop/resume", "Authorization", "Bearer " + TOKEN);
    }

    @Test
    void theAppRunsOnSpringBoot3() {
        assertThat(SpringBootVersion.getVersion()).startsWith("3.5.");
        assertThat(v1.getEnvironment().getProperty("server.shutdown")).isEqualTo("graceful");
    }

    @Test
    void theContractNeedsTheToken() {
        assertThat(send(v1, "GET", "/nonstop/status").statusCode()).isEqualTo(401);
        assertThat(send(v1, "POST", "/nonstop/drain", "Authorization", "Bearer wrong")
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> status = send(v1, "GET", "/nonstop/status", "Authorization", "Bearer " + TOKEN);
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body())
                .startsWith(
                        "{\"instance\":\"boot3-v1\",\"version\":\"v1\",\"draining\":false,\"idle\":false,\"inFlight\":0,")
                .contains("\"name\":\"readiness\"");
    }

    @Test
    void aSlowRequestIsInFlightAndDrainTakesReadinessOutOfService() throws Exception {
        Boot3App.gate = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>> slow = CLIENT.sendAsync(
                HttpRequest.newBuilder(uri(v1, "/slow")).build(), HttpResponse.BodyHandlers.ofString());
        await().until(() -> status(v1, TOKEN).contains("\"inFlight\":1,"));

        HttpResponse<String> drained = send(v1, "POST", "/nonstop/drain", "Authorization", "Bearer " + TOKEN);
        assertThat(drained.body()).contains("\"draining\":true,\"idle\":false,\"inFlight\":1,");
        HttpResponse<String> readiness = send(v1, "GET", "/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(readiness.body()).contains("OUT_OF_SERVICE");

        Boot3App.gate.countDown();
        assertThat(slow.get(30, TimeUnit.SECONDS).body()).isEqualTo("slow done");
        await().until(() -> status(v1, TOKEN).contains("\"idle\":true,\"inFlight\":0,"));

        send(v1, "POST", "/nonstop/resume", "Authorization", "Bearer " + TOKEN);
        assertThat(send(v1, "GET", "/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    @Test
    void jdbcSessionsAreSharedBetweenVersionsAndTheAppsDataSourceIsItsOwn() throws Exception {
        HttpResponse<String> login = send(v1, "POST", "/login?user=bob");
        String cookie = login.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("SESSION="))
                .map(c -> c.substring(0, c.indexOf(';')))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no SESSION cookie: " + login.headers()));

        assertThat(send(v2, "GET", "/me", "Cookie", cookie).body()).isEqualTo("bob 1");
        assertThat(send(v1, "GET", "/me", "Cookie", cookie).body()).isEqualTo("bob 2");

        assertThat(v1.getBeansOfType(DataSource.class)).hasSize(1);
        try (var connection = v1.getBean(DataSource.class).getConnection()) {
            assertThat(connection.getMetaData().getURL()).startsWith("jdbc:h2:mem:boot3-app-v1-");
            // Boot 3's own JDBC session configuration backed off: no session table in the app's database.
            try (var tables = connection.getMetaData().getTables(null, null, "SPRING_SESSION", null)) {
                assertThat(tables.next()).isFalse();
            }
        }
    }
}
