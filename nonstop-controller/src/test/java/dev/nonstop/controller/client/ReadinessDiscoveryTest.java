package dev.nonstop.controller.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link AppProbe#findReadiness}: which readiness path an app serves, asked of a real HTTP server. */
class ReadinessDiscoveryTest {
    private final AppProbe probe = AppProbe.create(Duration.ofSeconds(2), null);
    /** Status per path; any other path answers 404. */
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();

    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            int status = statuses.getOrDefault(exchange.getRequestURI().getPath(), 404);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private AppProbe.ReadinessFinding find() {
        return probe.findReadiness("127.0.0.1", server.getAddress().getPort());
    }

    @Test
    void aSpringBootAppStartingUpIsFoundOnItsReadinessGroupNotReadyYet() {
        statuses.put("/actuator/health/readiness", 503);
        statuses.put("/actuator/health", 200);

        AppProbe.ReadinessFinding finding = find();

        assertThat(finding.path()).contains("/actuator/health/readiness");
        assertThat(finding.ready()).isFalse();
        assertThat(finding.answered()).isTrue();
        assertThat(finding.tried()).containsExactly("/actuator/health/readiness 503");
    }

    @Test
    void pathsThatAreMissingOrBehindALoginArePassedOver() {
        statuses.put("/actuator/health/readiness", 401);
        statuses.put("/q/health/ready", 302);
        statuses.put("/health/readiness", 405);
        statuses.put("/ready", 200);

        AppProbe.ReadinessFinding finding = find();

        assertThat(finding.path()).contains("/ready");
        assertThat(finding.ready()).isTrue();
        assertThat(finding.tried())
                .containsExactly(
                        "/actuator/health/readiness 401",
                        "/q/health/ready 302",
                        "/health/readiness 405",
                        "/health/ready 404",
                        "/ready 200");
    }

    @Test
    void theRootCountsOnlyWhenItAnswers2xx() {
        statuses.put("/", 500);

        AppProbe.ReadinessFinding failing = find();

        assertThat(failing.path()).isEmpty();
        assertThat(failing.answered()).isTrue();
        assertThat(failing.tried())
                .hasSize(AppProbe.READINESS_CANDIDATES.size())
                .last()
                .isEqualTo("/ 500");

        statuses.put("/", 200);
        assertThat(find().path()).contains("/");
        assertThat(find().ready()).isTrue();
    }

    @Test
    void anAppThatDoesNotListenYetIsNotAnswering() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }

        AppProbe.ReadinessFinding finding = probe.findReadiness("127.0.0.1", closed);

        assertThat(finding.path()).isEmpty();
        assertThat(finding.answered()).isFalse();
        assertThat(finding.tried()).containsExactly("/actuator/health/readiness no answer");
    }
}
