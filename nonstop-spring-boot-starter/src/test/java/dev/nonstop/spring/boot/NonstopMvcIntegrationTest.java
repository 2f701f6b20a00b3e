package dev.nonstop.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nonstop.app.DrainParticipant;
import dev.nonstop.app.NonstopApp;
import dev.nonstop.app.ParticipantStatus;
import dev.nonstop.spring.boot.apps.MvcApp;
import dev.nonstop.spring.boot.apps.RunningApp;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The contract, the in-flight count and readiness on a Spring MVC app on Tomcat. */
class NonstopMvcIntegrationTest {

    /** A participant the app declares as a bean, as a message consumer would. */
    static final class Jobs implements DrainParticipant {
        volatile boolean paused;

        @Override
        public String name() {
            return "jobs";
        }

        @Override
        public void drain() {
            paused = true;
        }

        @Override
        public void resume() {
            paused = false;
        }

        @Override
        public ParticipantStatus status() {
            return ParticipantStatus.inFlight(0, paused ? "paused" : "scheduling");
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(MvcApp.class)
    static class AppWithJobs {
        @Bean
        Jobs jobs() {
            return new Jobs();
        }
    }

    private static RunningApp app;

    @BeforeAll
    static void start() {
        app = RunningApp.start(
                AppWithJobs.class,
                WebApplicationType.SERVLET,
                "nonstop.instance.id=mvc-1",
                "nonstop.app.version=v1",
                "spring.datasource.url=jdbc:h2:mem:mvc-app;DB_CLOSE_DELAY=-1",
                "management.endpoints.web.exposure.include=health");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @AfterEach
    void resumeAndOpenTheGate() {
        MvcApp.gate.countDown();
        app.nonstop("POST", "/nonstop/resume");
    }

    @Test
    void everyEndpointNeedsTheToken() {
        for (String[] request :
                new String[][] {{"GET", "/nonstop/status"}, {"POST", "/nonstop/drain"}, {"POST", "/nonstop/resume"}}) {
            HttpResponse<String> none = app.send(request[0], request[1]);
            assertThat(none.statusCode()).as(request[1]).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(app.send(request[0], request[1], "Authorization", "Bearer wrong")
                            .statusCode())
                    .isEqualTo(401);
        }
        assertThat(app.context().getBean(NonstopApp.class).isDraining()).isFalse();
    }

    @Test
    void theStatusListsTheBuiltInAndTheAppsParticipants() {
        HttpResponse<String> status = app.nonstop("GET", "/nonstop/status");

        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(status.body())
                .startsWith(
                        "{\"instance\":\"mvc-1\",\"version\":\"v1\",\"draining\":false,\"idle\":false,\"inFlight\":0,")
                .contains("{\"name\":\"http\",\"idle\":true,\"inFlight\":0,\"detail\":\"0 request(s) in flight\"}")
                .contains(
                        "{\"name\":\"readiness\",\"idle\":true,\"inFlight\":0,\"detail\":\"readiness accepting_traffic\"}")
                .contains("{\"name\":\"jobs\",\"idle\":true,\"inFlight\":0,\"detail\":\"scheduling\"}");
    }

    @Test
    void aSlowRequestIsInFlightAndTheDrainedAppTurnsIdleOnceItIsAnswered() throws Exception {
        MvcApp.gate = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>> slow = app.getAsync("/slow");
        await().until(() -> app.nonstop("GET", "/nonstop/status").body().contains("\"inFlight\":1,"));

        HttpResponse<String> drained = app.nonstop("POST", "/nonstop/drain");
        assertThat(drained.body()).contains("\"draining\":true,\"idle\":false,\"inFlight\":1,");
        assertThat(app.context().getBean(Jobs.class).paused).isTrue();

        MvcApp.gate.countDown();
        assertThat(slow.get(30, TimeUnit.SECONDS).body()).isEqualTo("slow done");
        await().until(() -> app.nonstop("GET", "/nonstop/status").body().contains("\"idle\":true,\"inFlight\":0,"));
    }

    @Test
    void anAsyncRequestIsInFlightUntilItsResultIsWritten() throws Exception {
        MvcApp.gate = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>> async = app.getAsync("/async");
        await().until(() -> app.nonstop("GET", "/nonstop/status").body().contains("\"inFlight\":1,"));
        // The servlet thread has long returned; the request is still in flight.
        assertThat(app.nonstop("POST", "/nonstop/drain").body()).contains("\"idle\":false,\"inFlight\":1,");

        MvcApp.gate.countDown();
        assertThat(async.get(30, TimeUnit.SECONDS).body()).isEqualTo("async done");
        await().until(() -> app.nonstop("GET", "/nonstop/status").body().contains("\"idle\":true,\"inFlight\":0,"));
    }

    @Test
    void drainTakesReadinessOutOfServiceAndResumeBringsItBack() {
        assertThat(app.get("/actuator/health/readiness").statusCode()).isEqualTo(200);

        app.nonstop("POST", "/nonstop/drain");
        HttpResponse<String> readiness = app.get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(readiness.body()).contains("OUT_OF_SERVICE");
        // Draining does not stop serving: the gateway decides where requests go.
        assertThat(app.get("/me").statusCode()).isEqualTo(200);

        HttpResponse<String> resumed = app.nonstop("POST", "/nonstop/resume");
        assertThat(resumed.body()).contains("\"draining\":false,\"idle\":false");
        assertThat(app.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(app.context().getBean(Jobs.class).paused).isFalse();
    }

    @Test
    void gracefulShutdownIsTheDefaultAndTheAppsOwnDataSourceIsUntouched() throws Exception {
        assertThat(app.context().getEnvironment().getProperty("server.shutdown"))
                .isEqualTo("graceful");
        assertThat(app.context().getBeansOfType(DataSource.class)).hasSize(1);
        try (var connection = app.context().getBean(DataSource.class).getConnection()) {
            assertThat(connection.getMetaData().getURL()).isEqualTo("jdbc:h2:mem:mvc-app");
        }
    }
}
