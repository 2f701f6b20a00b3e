package dev.nonstop.spring.boot3;

import static dev.nonstop.spring.boot3.Boot3Http.CLIENT;
import static dev.nonstop.spring.boot3.Boot3Http.cookie;
import static dev.nonstop.spring.boot3.Boot3Http.postgres;
import static dev.nonstop.spring.boot3.Boot3Http.send;
import static dev.nonstop.spring.boot3.Boot3Http.status;
import static dev.nonstop.spring.boot3.Boot3Http.uri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nonstop.spring.boot.web.NonstopServletFilter;
import dev.nonstop.spring.boot.web.NonstopWebFilter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import reactor.core.publisher.Sinks;

/**
 * The starter jar, compiled against Spring Boot 4, in Spring Boot 3.5 WebFlux apps on Reactor Netty:
 * the contract, the in-flight count and the drain that waits for it, readiness on drain, and sessions
 * shared through the Nonstop store between two WebFlux instances and with a Spring MVC version of
 * the app. The store is handed as the agent hands it, in {@code NONSTOP_SESSION_*} environment
 * variables: PostgreSQL on 127.0.0.1:5432 (database {@code test}, user {@code postgres}), in a schema
 * of this test's own.
 */
class Boot3WebFluxIntegrationTest {

    private static final String TOKEN = "boot3-flux-token";
    private static final String SCHEMA =
            "nonstop_boot3_flux_" + UUID.randomUUID().toString().replace("-", "");

    private static ConfigurableApplicationContext a;
    private static ConfigurableApplicationContext b;

    @BeforeAll
    static void start() throws SQLException {
        execute("CREATE SCHEMA " + SCHEMA);
        a = start(Boot3FluxApp.class, WebApplicationType.REACTIVE, "flux-a");
        b = start(Boot3FluxApp.class, WebApplicationType.REACTIVE, "flux-b");
    }

    private static ConfigurableApplicationContext start(Class<?> app, WebApplicationType type, String name) {
        return new SpringApplicationBuilder(app)
                .web(type)
                .properties(
                        "server.port=0",
                        "server.address=127.0.0.1",
                        "spring.main.banner-mode=off",
                        "logging.level.root=warn",
                        "nonstop.app.token=" + TOKEN,
                        "nonstop.instance.id=" + name,
                        "nonstop.app.version=v1",
                        "management.endpoints.web.exposure.include=health",
                        "spring.datasource.url=jdbc:h2:mem:boot3-" + name + "-" + UUID.randomUUID())
                // Handed as environment variables, the way the agent does.
                .initializers(context -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource(
                                "nonstop-agent-environment",
                                Map.of(
                                        "NONSTOP_SESSION_STORE",
                                        "jdbc",
                                        "NONSTOP_SESSION_JDBC_URL",
                                        "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + SCHEMA,
                                        "NONSTOP_SESSION_JDBC_USERNAME",
                                        "postgres"))))
                .run();
    }

    @AfterAll
    static void stop() throws SQLException {
        Boot3FluxApp.gate.tryEmitEmpty();
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }

    @AfterEach
    void resume() {
        Boot3FluxApp.gate.tryEmitEmpty();
        send(a, "POST", "/nonstop/resume", "Authorization", "Bearer " + TOKEN);
    }

    @Test
    void theAppsAreWebFluxAppsOnSpringBoot3WithTheReactiveFilter() {
        assertThat(SpringBootVersion.getVersion()).startsWith("3.5.");
        assertThat(a).isInstanceOf(ReactiveWebServerApplicationContext.class);
        assertThat(a.getEnvironment().getProperty("server.shutdown")).isEqualTo("graceful");
        assertThat(a.getBeansOfType(NonstopWebFilter.class)).hasSize(1);
        assertThat(a.getBeansOfType(NonstopServletFilter.class)).isEmpty();
    }

    @Test
    void theContractNeedsTheInstanceToken() {
        assertThat(send(a, "GET", "/nonstop/status").statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = send(a, "POST", "/nonstop/drain", "Authorization", "Bearer wrong");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(send(a, "POST", "/nonstop/resume").statusCode()).isEqualTo(401);
        assertThat(status(a, TOKEN)).doesNotContain("\"draining\":true");

        HttpResponse<String> status = send(a, "GET", "/nonstop/status", "Authorization", "Bearer " + TOKEN);
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body())
                .startsWith(
                        "{\"instance\":\"flux-a\",\"version\":\"v1\",\"draining\":false,\"idle\":false,\"inFlight\":0,")
                .contains("\"name\":\"readiness\"");
        HttpResponse<String> drain = send(a, "POST", "/nonstop/drain", "Authorization", "Bearer " + TOKEN);
        assertThat(drain.statusCode()).isEqualTo(200);
        // Not the app's idle: the dubbo participant the classpath brings unregisters off the caller's thread.
        assertThat(drain.body())
                .contains("\"draining\":true,")
                .contains("{\"name\":\"http\",\"idle\":true,\"inFlight\":0,");
        HttpResponse<String> resume = send(a, "POST", "/nonstop/resume", "Authorization", "Bearer " + TOKEN);
        assertThat(resume.statusCode()).isEqualTo(200);
        assertThat(resume.body()).contains("\"draining\":false,");
    }

    @Test
    void aSlowExchangeIsInFlightAndTheDrainWaitsForItWithReadinessOutOfService() throws Exception {
        Boot3FluxApp.gate = Sinks.empty();
        CompletableFuture<HttpResponse<String>> slow =
                CLIENT.sendAsync(HttpRequest.newBuilder(uri(a, "/slow")).build(), HttpResponse.BodyHandlers.ofString());
        await().atMost(10, TimeUnit.SECONDS).until(() -> status(a, TOKEN).contains("\"inFlight\":1,"));
        assertThat(send(a, "GET", "/fast").body()).isEqualTo("fast");

        HttpResponse<String> drained = send(a, "POST", "/nonstop/drain", "Authorization", "Bearer " + TOKEN);
        assertThat(drained.body()).contains("\"draining\":true,\"idle\":false,\"inFlight\":1,");
        HttpResponse<String> readiness = send(a, "GET", "/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(readiness.body()).contains("OUT_OF_SERVICE");
        // The readiness exchange just answered may still be counted for a moment after its last byte.
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> status(a, TOKEN).contains("\"draining\":true,\"idle\":false,\"inFlight\":1,"));
        assertThat(slow).isNotDone();

        Boot3FluxApp.gate.tryEmitEmpty();
        HttpResponse<String> answered = slow.get(30, TimeUnit.SECONDS);
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.body()).isEqualTo("slow done");
        await().atMost(10, TimeUnit.SECONDS).until(() -> status(a, TOKEN).contains("\"idle\":true,\"inFlight\":0,"));

        assertThat(send(a, "POST", "/nonstop/resume", "Authorization", "Bearer " + TOKEN)
                        .body())
                .contains("\"draining\":false");
        assertThat(send(a, "GET", "/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    @Test
    void aUserLoggedInOnOneWebFluxInstanceIsLoggedInOnTheOtherThroughTheNonstopStore() throws Exception {
        HttpResponse<String> login = send(a, "POST", "/login?user=alice");
        assertThat(login.body()).isEqualTo("hello alice");
        String cookie = cookie(login, "SESSION");

        assertThat(send(b, "GET", "/me", "Cookie", cookie).body()).isEqualTo("alice 1");
        assertThat(send(a, "GET", "/me", "Cookie", cookie).body()).isEqualTo("alice 2");
        assertThat(send(b, "GET", "/me").body()).isEqualTo("anonymous");

        // The session is the row in the Nonstop store, under the id the cookie carries Base64-encoded.
        String id =
                new String(Base64.getDecoder().decode(cookie.substring("SESSION=".length())), StandardCharsets.UTF_8);
        try (Connection admin = postgres();
                PreparedStatement sql = admin.prepareStatement(
                        "SELECT count(*) FROM " + SCHEMA + ".spring_session WHERE session_id = ?")) {
            sql.setString(1, id);
            try (ResultSet rows = sql.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(1);
            }
        }
    }

    /** A Spring MVC v1 replaced by a WebFlux v2, and a WebFlux login read by Spring MVC: nobody is logged out. */
    @Test
    void springMvcAndWebFluxVersionsOnBoot3ReadEachOthersSessions() {
        String mvcCookie;
        try (ConfigurableApplicationContext mvc = start(Boot3App.class, WebApplicationType.SERVLET, "mvc")) {
            mvcCookie = cookie(send(mvc, "POST", "/login?user=bob"), "SESSION");
            assertThat(send(a, "GET", "/me", "Cookie", mvcCookie).body()).isEqualTo("bob 1");
            assertThat(send(mvc, "GET", "/me", "Cookie", mvcCookie).body()).isEqualTo("bob 2");

            String fluxCookie = cookie(send(a, "POST", "/login?user=carol"), "SESSION");
            assertThat(send(mvc, "GET", "/me", "Cookie", fluxCookie).body()).isEqualTo("carol 1");
            assertThat(send(b, "GET", "/me", "Cookie", fluxCookie).body()).isEqualTo("carol 2");
        }
        // The Spring MVC version is gone (released): its user is still logged in on the WebFlux one.
        assertThat(send(b, "GET", "/me", "Cookie", mvcCookie).body()).isEqualTo("bob 3");
    }

    private static void execute(String sql) throws SQLException {
        try (Connection admin = postgres();
                Statement statement = admin.createStatement()) {
            statement.execute(sql);
        }
    }
}
