package dev.nonstop.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nonstop.spring.boot.apps.FluxApp;
import dev.nonstop.spring.boot.apps.RunningApp;
import dev.nonstop.spring.boot.web.NonstopServletFilter;
import dev.nonstop.spring.boot.web.NonstopWebFilter;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import reactor.core.publisher.Sinks;

/** The contract, the in-flight count and readiness on a WebFlux app on Reactor Netty. */
class NonstopWebFluxIntegrationTest {

    private static RunningApp app;

    @BeforeAll
    static void start() {
        app = RunningApp.start(
                FluxApp.class,
                WebApplicationType.REACTIVE,
                "nonstop.instance.id=flux-1",
                "nonstop.app.version=v1",
                "management.endpoints.web.exposure.include=health");
    }

    @AfterAll
    static void stop() {
        FluxApp.gate.tryEmitEmpty();
        app.close();
    }

    @Test
    void theReactiveFilterServesTheContractWithTheToken() {
        assertThat(app.context().getBeansOfType(NonstopWebFilter.class)).hasSize(1);
        assertThat(app.context().getBeansOfType(NonstopServletFilter.class)).isEmpty();

        HttpResponse<String> refused = app.get("/nonstop/status", "Authorization", "Bearer nope");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(app.post("/nonstop/drain").statusCode()).isEqualTo(401);
        assertThat(app.nonstop("GET", "/nonstop/drain").statusCode()).isEqualTo(405);

        HttpResponse<String> status = app.nonstop("GET", "/nonstop/status");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body())
                .startsWith(
                        "{\"instance\":\"flux-1\",\"version\":\"v1\",\"draining\":false,\"idle\":false,\"inFlight\":0,");
    }

    @Test
    void aSlowExchangeIsInFlightAndDrainTakesReadinessOutOfService() throws Exception {
        FluxApp.gate = Sinks.empty();
        CompletableFuture<HttpResponse<String>> slow = app.getAsync("/slow");
        await().until(() -> app.nonstop("GET", "/nonstop/status").body().contains("\"inFlight\":1,"));
        assertThat(app.get("/fast").body()).isEqualTo("fast");

        assertThat(app.nonstop("POST", "/nonstop/drain").body())
                .contains("\"draining\":true,\"idle\":false,\"inFlight\":1,");
        HttpResponse<String> readiness = app.get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(readiness.body()).contains("OUT_OF_SERVICE");

        FluxApp.gate.tryEmitEmpty();
        assertThat(slow.get(30, TimeUnit.SECONDS).body()).isEqualTo("slow done");
        await().until(() -> app.nonstop("GET", "/nonstop/status").body().contains("\"idle\":true,\"inFlight\":0,"));

        assertThat(app.nonstop("POST", "/nonstop/resume").body()).contains("\"draining\":false");
        assertThat(app.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    }
}
