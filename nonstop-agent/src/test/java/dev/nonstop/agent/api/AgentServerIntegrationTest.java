package dev.nonstop.agent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nonstop.agent.Agent;
import dev.nonstop.agent.AgentSettings;
import dev.nonstop.agent.TestApps;
import dev.nonstop.agent.artifact.Sha256;
import dev.nonstop.agent.contract.ChecksumMismatchException;
import dev.nonstop.agent.contract.InstanceSpec;
import dev.nonstop.agent.contract.InstanceState;
import dev.nonstop.agent.contract.StopMode;
import dev.nonstop.agent.contract.StopResult;
import dev.nonstop.agent.contract.UnknownInstanceException;
import dev.nonstop.agent.contract.client.AgentClient;
import dev.nonstop.agent.contract.client.AgentRequestException;
import dev.nonstop.common.fencing.Fence;
import dev.nonstop.common.fencing.StaleFencingTokenException;
import dev.nonstop.common.token.BearerToken;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent API on a real socket (127.0.0.1, port 0), with real app processes. */
class AgentServerIntegrationTest {
    private static final String TOKEN = "test-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path jars;

    static Path tinyJar;

    @TempDir
    Path data;

    private Agent agent;
    private AgentServer server;
    private URI base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void buildTheApp() {
        tinyJar = TestApps.tinyApp(jars, "v2");
    }

    @BeforeEach
    void startTheAgent() {
        agent = Agent.create(AgentSettings.builder()
                .dataDir(data)
                .defaultStopTimeout(Duration.ofSeconds(10))
                .build());
        server = AgentServer.start(AgentServer.loopback(0), BearerToken.of(TOKEN, AgentServer.TOKEN_NAME), agent);
        base = URI.create("http://127.0.0.1:" + server.address().getPort());
    }

    @AfterEach
    void stopTheAgent() {
        server.close();
        agent.close();
    }

    private HttpRequest.Builder call(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + TOKEN);
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** The agent API is served by the control-plane kit: its token check, its problem format. */
    @Test
    void isWiredToTheKitCallsWithoutTheRightTokenGetItsProblem401() throws Exception {
        HttpResponse<String> none =
                send(HttpRequest.newBuilder(base.resolve("/agent/instances")).build());
        HttpResponse<String> wrong = send(HttpRequest.newBuilder(base.resolve("/agent/apps/x/versions/1"))
                .header("Authorization", "Bearer not-the-token")
                .PUT(HttpRequest.BodyPublishers.ofFile(tinyJar))
                .build());

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(none).path("code").asText()).isEqualTo("unauthorized");
        assertThat(json(none).path("error").asText()).contains("missing bearer token");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
        assertThat(agent.apps()).isEmpty();
    }

    @Test
    void aWarmUpReadsAThrowawayApiOfTheAgentAndLeavesNoTrace() throws Exception {
        assertThat(AgentServer.warmUp(agent, Duration.ZERO)).isZero();

        assertThat(AgentServer.warmUp(agent, Duration.ofSeconds(30))).isEqualTo(1500);

        // Reads only: no app, no instance, no audit line; the real API still answers its own token only.
        assertThat(agent.apps()).isEmpty();
        assertThat(send(call("/agent/instances").build()).statusCode()).isEqualTo(200);
        assertThat(Files.exists(agent.auditLog()) ? Files.readAllLines(agent.auditLog()) : List.of())
                .isEmpty();
    }

    @Test
    void requestsRefusedForTheirTokenAreAuditedPerCallerAndMinuteNotOneLineEach() throws Exception {
        int refused = 200;
        for (int i = 0; i < refused; i++) {
            HttpResponse<String> response =
                    send(HttpRequest.newBuilder(base.resolve("/agent/instances/i-" + i + "/stop"))
                            .header("Authorization", "Bearer not-the-token")
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .build());
            assertThat(response.statusCode()).isEqualTo(401);
        }
        server.close(); // writes the counts not written yet

        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(agent.auditLog())) {
            lines.add(JSON.readTree(line));
        }
        // The first refusal and the count of the rest, per minute: 2, or 4 when the run spans a minute's end.
        assertThat(lines).hasSizeBetween(2, 4).allSatisfy(line -> {
            assertThat(line.path("who").asText()).isEqualTo("anonymous@127.0.0.1");
            assertThat(line.path("result").asText()).startsWith("refused: ");
        });
        assertThat(lines.stream()
                        .mapToLong(line -> line.path("attempts").asLong())
                        .sum())
                .isEqualTo(refused);
    }

    @Test
    void uploadStartAndStopOverHttp() throws Exception {
        String sha = Sha256.of(Files.readAllBytes(tinyJar));
        HttpResponse<String> upload = send(call("/agent/apps/tiny/versions/v2")
                .header("X-Checksum-Sha256", sha)
                .PUT(HttpRequest.BodyPublishers.ofFile(tinyJar))
                .build());
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        assertThat(json(upload).path("sha256").asText()).isEqualTo(sha);

        HttpResponse<String> again = send(call("/agent/apps/tiny/versions/v2")
                .PUT(HttpRequest.BodyPublishers.ofFile(tinyJar))
                .build());
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).path("installed").asBoolean()).isFalse();

        HttpResponse<String> apps = send(call("/agent/apps").GET().build());
        assertThat(json(apps).path("apps").path("tiny").get(0).path("version").asText())
                .isEqualTo("v2");

        int port = TestApps.freePort();
        HttpResponse<String> started = send(call("/agent/instances")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"instanceId\":\"web-1\",\"app\":\"tiny\",\"version\":\"v2\",\"port\":" + port + "}"))
                .build());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        assertThat(json(started).path("state").asText()).isEqualTo("RUNNING");
        assertThat(json(started).path("pid").isNumber()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> answers(port));

        HttpResponse<String> one = send(call("/agent/instances/web-1").GET().build());
        assertThat(json(one).path("port").asInt()).isEqualTo(port);
        assertThat(json(send(call("/agent/instances").GET().build())).path("instances"))
                .hasSize(1);

        HttpResponse<String> stopped = send(call("/agent/instances/web-1/stop")
                .POST(HttpRequest.BodyPublishers.ofString("{\"timeoutMs\":20000}"))
                .build());
        assertThat(stopped.statusCode()).as(stopped.body()).isEqualTo(200);
        assertThat(json(stopped).path("mode").asText()).isEqualTo("GRACEFUL");
        assertThat(json(stopped).path("exitCode").asInt()).isZero();
        assertThat(json(send(call("/agent/instances/web-1").GET().build()))
                        .path("state")
                        .asText())
                .isEqualTo("STOPPED");
        assertThat(Files.readAllLines(agent.auditLog())).hasSize(4).allSatisfy(line -> assertThat(line)
                .contains("\"who\":\"controller\"", "\"result\":\"ok: "));
    }

    private boolean answers(int port) {
        try {
            return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                            .build())
                    .body()
                    .equals("hello from web-1 version v2");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void aStaleFencingTokenIsRefusedWith409AndAudited() throws Exception {
        HttpResponse<String> current = send(call("/agent/apps/tiny/versions/v2")
                .header("X-Nonstop-Release", "r-1")
                .header("X-Nonstop-Fencing-Token", "5")
                .PUT(HttpRequest.BodyPublishers.ofFile(tinyJar))
                .build());
        assertThat(current.statusCode()).isEqualTo(201);

        HttpResponse<String> stale = send(call("/agent/instances/web-1/stop")
                .header("X-Nonstop-Release", "r-1")
                .header("X-Nonstop-Fencing-Token", "3")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());

        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(json(stale).path("error").asText())
                .isEqualTo("stale fencing token 3 for release r-1 (highest seen: 5)");
        List<String> audit = Files.readAllLines(agent.auditLog());
        assertThat(audit).hasSize(2);
        assertThat(audit.get(1))
                .contains("\"who\":\"controller\"", "\"what\":\"stop web-1", "\"release\":\"r-1\"")
                .contains("\"result\":\"refused: stale fencing token 3 for release r-1 (highest seen: 5)\"");
    }

    @Test
    void aBadInstanceSpecGets400NamingTheField() throws Exception {
        HttpResponse<String> response = send(call("/agent/instances")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"instanceId\":\"web-1\",\"app\":\"tiny\",\"version\":\"v2\",\"port\":70000}"))
                .build());

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = json(response).path("problems").get(0);
        assertThat(problem.path("path").asText()).isEqualTo("port");
        assertThat(problem.path("message").asText()).isEqualTo("70000 (expected: 1-65535)");
        assertThat(agent.instances()).isEmpty();
        assertThat(Files.readString(agent.auditLog()))
                .contains(
                        "\"what\":\"start (invalid request)\"",
                        "\"result\":\"refused: port: 70000 (expected: 1-65535)\"");
    }

    @Test
    void theAgentNamesAPortThatIsFreeOnItsHostOnlyToATokenHolder() throws Exception {
        int port = AgentClient.create(base, TOKEN).freePort();
        HttpResponse<String> anonymous =
                send(HttpRequest.newBuilder(base.resolve("/agent/free-port")).build());
        HttpResponse<String> posted = send(call("/agent/free-port")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());

        assertThat(port).isBetween(1, 65535);
        try (ServerSocket socket = new ServerSocket(port)) {
            assertThat(socket.getLocalPort()).as("bindable on this host").isEqualTo(port);
        }
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(posted.statusCode()).isEqualTo(405);
    }

    @Test
    void malformedRequestsGetAClearError() throws Exception {
        HttpResponse<String> notJson = send(call("/agent/instances")
                .POST(HttpRequest.BodyPublishers.ofString("{port:"))
                .build());
        HttpResponse<String> badToken = send(call("/agent/instances/x/stop")
                .header("X-Nonstop-Release", "r-1")
                .header("X-Nonstop-Fencing-Token", "five")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        HttpResponse<String> unknown = send(call("/agent/instances/ghost").GET().build());
        HttpResponse<String> badName = send(call("/agent/apps/tiny/versions/..%2Fx")
                .PUT(HttpRequest.BodyPublishers.ofFile(tinyJar))
                .build());

        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson).path("error").asText()).startsWith("body: malformed JSON");
        assertThat(badToken.statusCode()).isEqualTo(400);
        assertThat(json(badToken).path("problems").get(0).path("path").asText()).isEqualTo("X-Nonstop-Fencing-Token");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(json(badName).path("error").asText())
                .isEqualTo("version: ../x (expected: letters, digits, '.', '_' or '-')");
    }

    @Test
    void theClientHasTheInProcessShapeAndItsTypedExceptions() throws Exception {
        AgentClient client = AgentClient.create(base, TOKEN).fenced(new Fence("r-7", 2));
        String actual = sha(tinyJar);

        assertThatThrownBy(() -> client.install("tiny", "v2", tinyJar, "00".repeat(32)))
                .isInstanceOfSatisfying(ChecksumMismatchException.class, e -> assertThat(e.actual())
                        .isEqualTo(actual));
        assertThat(client.install("tiny", "v2", tinyJar, null).installed()).isTrue();
        assertThat(client.apps().get("tiny")).hasSize(1);

        int port = TestApps.freePort();
        var status =
                client.start(new InstanceSpec("c-1", "tiny", "v2", port, Map.of("IGNORE_TERM", "true"), List.of()));
        assertThat(status.state()).isEqualTo(InstanceState.RUNNING);
        assertThat(client.instances()).hasSize(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (var socket = new java.net.Socket("127.0.0.1", port)) {
                return socket.isConnected();
            } catch (IOException e) {
                return false;
            }
        });

        StopResult stop = client.stop("c-1", Duration.ofMillis(300));
        assertThat(stop.mode()).isEqualTo(StopMode.KILLED);
        assertThat(client.status("c-1").state()).isEqualTo(InstanceState.STOPPED);

        AgentClient stale = AgentClient.create(base, TOKEN).fenced(new Fence("r-7", 1));
        assertThatThrownBy(() -> stale.stop("c-1", Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(StaleFencingTokenException.class, e -> assertThat(e.highestSeen())
                        .isEqualTo(2));
        assertThatThrownBy(() -> client.status("ghost")).isInstanceOf(UnknownInstanceException.class);
        assertThatThrownBy(() -> client.start(new InstanceSpec("c-2", "tiny", "v9", port, Map.of(), List.of())))
                .isInstanceOfSatisfying(AgentRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("artifact_not_found");
                });
        assertThatThrownBy(() -> AgentClient.create(base, "wrong").instances())
                .isInstanceOfSatisfying(
                        AgentRequestException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    private static String sha(Path file) throws IOException {
        return Sha256.of(Files.readAllBytes(file));
    }
}
