package dev.nonstop.agent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nonstop.agent.Agent;
import dev.nonstop.agent.AgentSettings;
import dev.nonstop.agent.TestApps;
import dev.nonstop.common.fencing.FencingStateException;
import dev.nonstop.common.token.BearerToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent restarted on the same data directory keeps refusing controllers that lost their release. */
class AgentFencingRestartIntegrationTest {
    private static final String TOKEN = "test-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path jars;

    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newHttpClient();
    private Agent agent;
    private AgentServer server;

    private void start() {
        agent = Agent.create(AgentSettings.builder()
                .dataDir(data)
                .defaultStopTimeout(Duration.ofSeconds(10))
                .build());
        server = AgentServer.start(AgentServer.loopback(0), BearerToken.of(TOKEN, AgentServer.TOKEN_NAME), agent);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    private HttpResponse<String> install(String version, Path jar, String release, long fencingToken)
            throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + "/agent/apps/tiny/versions/" + version);
        return http.send(
                HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("X-Nonstop-Release", release)
                        .header("X-Nonstop-Fencing-Token", Long.toString(fencingToken))
                        .PUT(HttpRequest.BodyPublishers.ofFile(jar))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRestartedAgentRefusesATokenBelowTheHighestItSawBeforeTheRestart() throws Exception {
        Path v1 = TestApps.manifestOnlyJar(jars.resolve("v1.jar"), "1");
        Path v2 = TestApps.manifestOnlyJar(jars.resolve("v2.jar"), "2");
        start();
        assertThat(install("v1", v1, "r-1", 5).statusCode()).isEqualTo(201);
        stop();

        start();
        HttpResponse<String> stale = install("v2", v2, "r-1", 4);

        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(stale.body()).path("error").asText())
                .isEqualTo("stale fencing token 4 for release r-1 (highest seen: 5)");
        assertThat(agent.apps().get("tiny")).hasSize(1);
        assertThat(install("v2", v2, "r-1", 5).statusCode()).isEqualTo(201);
        assertThat(install("v2", v2, "r-2", 1).statusCode()).isEqualTo(200);
    }

    @Test
    void anAgentWhoseFencingStateIsCorruptDoesNotStart() throws Exception {
        Files.writeString(data.resolve(Agent.FENCING_FILE), "{\"format\": 1, \"highest\": [");

        assertThatThrownBy(
                        () -> Agent.create(AgentSettings.builder().dataDir(data).build()))
                .isInstanceOf(FencingStateException.class)
                .hasMessageContaining(
                        data.resolve(Agent.FENCING_FILE).toAbsolutePath().toString());
    }
}
