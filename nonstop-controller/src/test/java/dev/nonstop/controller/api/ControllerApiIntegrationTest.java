package dev.nonstop.controller.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nonstop.common.token.BearerToken;
import dev.nonstop.controller.release.spec.AppSettings;
import dev.nonstop.controller.release.spec.DrainMode;
import dev.nonstop.controller.release.spec.ReleaseSpec;
import dev.nonstop.controller.release.spec.SmokeCheck;
import dev.nonstop.controller.release.state.InstanceStep;
import dev.nonstop.controller.release.state.InstanceTransition;
import dev.nonstop.controller.release.state.ReleaseState;
import dev.nonstop.controller.store.AuditEntry;
import dev.nonstop.controller.store.AuditQuery;
import dev.nonstop.controller.store.AuditResult;
import dev.nonstop.controller.store.ControllerStore;
import dev.nonstop.testing.leak.NettyLeakDetectionExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The controller API on a real socket (127.0.0.1, port 0) over an H2 in-memory store. */
@ExtendWith(NettyLeakDetectionExtension.class)
class ControllerApiIntegrationTest {
    private static final String TOKEN = "test-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ControllerStore store;
    private ReleaseEvents events;
    private ControllerApiServer server;
    private URI base;
    private Path jar;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<SseClient> streams = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        store = ControllerStore.jdbc("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        events = new ReleaseEvents();
        server = ControllerApiServer.builder(store, new StoreReleaseOperations(store), events)
                .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .token(BearerToken.of(TOKEN, ControllerApiServer.TOKEN_NAME))
                .keepAliveInterval(Duration.ofMillis(200))
                .start();
        base = URI.create("http://127.0.0.1:" + server.address().getPort());
        jar = Files.writeString(dir.resolve("shop-2.0.0.jar"), "a jar");
    }

    @AfterEach
    void stop() {
        streams.forEach(SseClient::close);
        server.close();
        store.close();
    }

    // ---- helpers

    private record Reply(int status, JsonNode body, HttpResponse<String> raw) {}

    private Reply send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body.replace('\'', '"')));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
        return new Reply(response.statusCode(), json, response);
    }

    private Reply get(String path) throws Exception {
        return send("GET", path, null, TOKEN);
    }

    private Reply post(String path, String body) throws Exception {
        return send("POST", path, body, TOKEN);
    }

    private void anAppWithInstances() throws Exception {
        assertThat(post("/api/apps", "{'name': 'shop'}").status()).isEqualTo(201);
        for (int port = 8081; port <= 8083; port++) {
            Reply r = post(
                    "/api/apps/shop/instances",
                    "{'host': '127.0.0.1', 'port': " + port + ", 'version': '1.0.0', 'gatewayMemberId': 'shop-" + port
                            + "'}");
            assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
        }
    }

    private String spec() {
        return "{'app': 'shop', 'version': '2.0.0', 'artifact': '" + jar + "', 'batchSize': 1,"
                + " 'drain': {'deadline': '30s', 'policy': 'FAIL'}}";
    }

    private String startRelease() throws Exception {
        Reply r = post("/api/releases", spec());
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(201);
        return r.body().path("id").asText();
    }

    /** Each problem as a person reads it: {@code path: message}. */
    private List<String> messages(Reply r) {
        List<String> result = new ArrayList<>();
        r.body()
                .path("problems")
                .forEach(p -> result.add(
                        p.path("path").asText() + ": " + p.path("message").asText()));
        return result;
    }

    private List<AuditEntry> audit() {
        return store.audit(AuditQuery.latest(100));
    }

    // ---- authentication

    /** The controller API is served by the control-plane kit: its token check, its problem format. */
    @Test
    void isWiredToTheKitEveryCallWithoutTheRightTokenGetsItsProblem401AndIsAudited() throws Exception {
        Reply none = send("GET", "/api/apps", null, null);
        Reply wrong = send("POST", "/api/apps", "{'name': 'shop'}", "wrong-token");

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.raw().headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.raw().headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
        assertThat(wrong.body().path("error").asText()).isEqualTo("invalid token");
        assertThat(wrong.body().path("code").asText()).isEqualTo("unauthorized");
        assertThat(wrong.raw().headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(store.apps()).isEmpty();
        server.close(); // writes the counts of refusals that are not written yet
        assertThat(audit()).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("anonymous@127.0.0.1");
            assertThat(e.action()).isEqualTo("GET /api/apps");
            assertThat(e.result()).isEqualTo(AuditResult.REFUSED);
            assertThat(e.attempts()).isEqualTo(1);
        });
        assertThat(audit()).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("anonymous@127.0.0.1");
            assertThat(e.action()).isEqualTo("POST /api/apps");
            assertThat(e.detail()).contains("invalid token");
            assertThat(e.attempts()).isEqualTo(1);
        });
    }

    /** Issue 10, finding 5: 4,000 refused POSTs wrote 4,000 rows. */
    @Test
    void thousandsOfRefusedPostsLeaveAFewAuditEntriesThatCountThemAll() throws Exception {
        int refused = 4_000;
        String request = "POST /api/apps HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer wrong\r\n"
                + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
        for (int sent = 0; sent < refused; sent += 500) {
            assertThat(pipelined(request, 500, "HTTP/1.1 401 ")).isEqualTo(500);
        }
        server.close(); // writes the counts of refusals that are not written yet

        List<AuditEntry> entries = store.audit(AuditQuery.latest(10_000)).stream()
                .filter(e -> e.actor().startsWith("anonymous@127.0.0.1"))
                .toList();
        // The first refusal and the count of the rest, per minute: 2, or 4 when the run spans a minute's end.
        assertThat(entries).hasSizeBetween(2, 4).allSatisfy(e -> {
            assertThat(e.result()).isEqualTo(AuditResult.REFUSED);
            assertThat(e.action()).isEqualTo("POST /api/apps");
        });
        assertThat(entries.stream().mapToLong(AuditEntry::attempts).sum()).isEqualTo(refused);
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.attempts()).isGreaterThan(1);
            assertThat(e.detail()).startsWith("refused " + e.attempts() + " more times in the minute from ");
        });
    }

    /** Issue 10, finding 5: a path over ~250 characters made the audit write fail, leaving no record. */
    @Test
    void aRefusedRequestLeavesARecordHoweverLongItsPath() throws Exception {
        String path = "/api/" + "a".repeat(1_500);
        Reply refused = send("POST", path, "{}", "wrong-token");
        String tooLong = "/api/" + "b".repeat(10_000);
        Reply malformed = send("POST", tooLong, "{}", "wrong-token");
        server.close();

        assertThat(refused.status()).isEqualTo(401);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(audit()).anySatisfy(e -> {
            assertThat(e.action()).hasSize(255).startsWith("POST /api/aaaa").endsWith("...");
            assertThat(e.target()).hasSize(255).startsWith("/api/aaaa");
            assertThat(e.result()).isEqualTo(AuditResult.REFUSED);
        });
        assertThat(audit()).anySatisfy(e -> {
            assertThat(e.detail()).contains("malformed HTTP request", "4096");
            assertThat(e.result()).isEqualTo(AuditResult.REFUSED);
        });
    }

    /**
     * Sends {@code request} {@code count} times on one new connection without waiting, and counts the responses that
     * start with {@code status} until the server has answered them all (or closed).
     */
    private int pipelined(String request, int count, String status) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", base.getPort())) {
            socket.setSoTimeout(10_000);
            byte[] bytes = request.repeat(count).getBytes(StandardCharsets.US_ASCII);
            CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
                try {
                    socket.getOutputStream().write(bytes);
                    socket.getOutputStream().flush();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            String carry = "";
            int seen = 0;
            while (seen < count) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                String text = carry + new String(buffer, 0, n, StandardCharsets.US_ASCII);
                for (int i = text.indexOf(status); i >= 0; i = text.indexOf(status, i + 1)) {
                    seen++;
                }
                carry = text.substring(Math.max(0, text.length() - status.length() + 1));
            }
            write.join();
            return seen;
        }
    }

    // ---- apps and instances

    @Test
    void appsAndInstancesAreRegisteredAndListed() throws Exception {
        anAppWithInstances();

        Reply app = get("/api/apps/shop");
        Reply apps = get("/api/apps");

        assertThat(app.status()).isEqualTo(200);
        assertThat(app.body().path("instances")).hasSize(3);
        JsonNode first = app.body().path("instances").get(0);
        assertThat(first.path("host").asText()).isEqualTo("127.0.0.1");
        assertThat(first.path("port").asInt()).isEqualTo(8081);
        assertThat(first.path("version").asText()).isEqualTo("1.0.0");
        assertThat(first.path("state").asText()).isEqualTo("RUNNING");
        assertThat(first.path("gatewayMemberId").asText()).isEqualTo("shop-8081");
        assertThat(apps.body().path("apps").get(0).path("name").asText()).isEqualTo("shop");
        assertThat(get("/api/apps/nope").status()).isEqualTo(404);
        assertThat(post("/api/apps", "{'name': 'shop'}").status()).isEqualTo(409);
    }

    @Test
    void aBadInstanceIsRefusedNamingEachField() throws Exception {
        post("/api/apps", "{'name': 'shop'}");

        Reply r = post("/api/apps/shop/instances", "{'host': 'a b', 'port': 70000, 'version': 3, 'colour': 'red'}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(messages(r))
                .contains(
                        "port: 70000 (expected: 1-65535)",
                        "host: \"a b\" (expected: a host name or IP address)",
                        "version: 3 (expected: a string)")
                .anySatisfy(m -> assertThat(m).startsWith("colour: unknown field"));
        assertThat(store.instances("shop")).isEmpty();
    }

    // ---- app settings

    @Test
    void anAppsSettingsAreStoredShownAndUsedByItsReleases() throws Exception {
        Reply created = post(
                "/api/apps",
                "{'name': 'shop', 'settings': {'readinessPath': '/actuator/health/readiness',"
                        + " 'args': ['--spring.application.name=shop-${INSTANCE}'], 'env': {'LOG': '/tmp/${PORT}'},"
                        + " 'drain': {'deadline': '30s', 'mode': 'gateway'}}}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.body().path("settings").path("args").get(0).asText())
                .isEqualTo("--spring.application.name=shop-${INSTANCE}");

        Reply changed = post(
                "/api/apps/shop/settings",
                "{'readinessPath': '/health', 'smokeChecks': ['GET /health 200 UP'], 'drain': {'mode': 'auto'}}");
        assertThat(changed.status()).as(changed.body().toString()).isEqualTo(200);
        assertThat(get("/api/apps/shop")
                        .body()
                        .path("settings")
                        .path("readinessPath")
                        .asText())
                .isEqualTo("/health");
        assertThat(store.app("shop").orElseThrow().settings().drain().mode()).isEqualTo(DrainMode.AUTO);
        assertThat(audit()).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("app.settings");
            assertThat(e.target()).isEqualTo("app/shop");
        });

        Reply release = post("/api/releases", "{'app': 'shop', 'version': '2.0.0', 'artifact': '" + jar + "'}");
        assertThat(release.status()).as(release.body().toString()).isEqualTo(201);
        ReleaseSpec spec =
                store.release(release.body().path("id").asText()).orElseThrow().spec();
        assertThat(spec.health().readinessPath()).isEqualTo("/health");
        assertThat(spec.smokeChecks()).extracting(SmokeCheck::toString).containsExactly("GET /health 200 UP");
    }

    @Test
    void badAppSettingsAreRefusedNamingEachFieldAndChangeNothing() throws Exception {
        Reply refused = post(
                "/api/apps",
                "{'name': 'shop', 'settings': {'args': ['--a', '--b=${FOO}'],"
                        + " 'smokeChecks': [{'path': '/x', 'expectedStatuses': [700]}], 'drain': {'mode': 'never'}}}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(messages(refused))
                .containsExactlyInAnyOrder(
                        "settings.drain.mode: \"never\" (expected: gateway, app or auto)",
                        "settings.args[1]: unknown variable ${FOO}; known: PORT, INSTANCE",
                        "settings.smokeChecks[0].expectedStatuses: 700 (expected: 100 to 599)");
        assertThat(store.app("shop")).isEmpty();

        post("/api/apps", "{'name': 'shop'}");
        Reply update = post(
                "/api/apps/shop/settings", "{'jvmArgs': ['-Dx=${HOST}'], 'env': {'SERVER_PORT': '1'}, 'colour': 1}");
        assertThat(update.status()).isEqualTo(400);
        assertThat(messages(update))
                .contains(
                        "jvmArgs[0]: unknown variable ${HOST}; known: PORT, INSTANCE",
                        "env.SERVER_PORT: 1 (expected: not set here: the agent sets SERVER_PORT)")
                .anySatisfy(m -> assertThat(m).startsWith("colour: unknown field"));
        assertThat(store.app("shop").orElseThrow().settings()).isEqualTo(AppSettings.DEFAULT);
    }

    // ---- releases

    @Test
    void badReleaseSpecsAreRefusedNamingEveryProblemAndCreateNothing() throws Exception {
        anAppWithInstances();

        Reply unknownApp = post(
                "/api/releases",
                "{'app': 'nope', 'version': '2.0.0', 'artifact': '/no/such.jar', 'batchSize': 0, 'surge': 'x'}");
        Reply malformed = post("/api/releases", "{'app': 'shop',");
        Reply wrongType = post("/api/releases", "[1, 2]");
        Reply notJson = send("POST", "/api/releases", "app=shop", TOKEN);

        assertThat(unknownApp.status()).isEqualTo(400);
        assertThat(messages(unknownApp))
                .containsExactlyInAnyOrder(
                        "surge: \"x\" (expected: an integer)",
                        "app: nope (expected: a registered app)",
                        "artifact: /no/such.jar (expected: an existing file)",
                        "batchSize: 0 (expected: >= 1)");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(messages(malformed)).singleElement().satisfies(m -> assertThat(m)
                .startsWith("body: malformed JSON"));
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(store.releases("shop")).isEmpty();
        assertThat(audit())
                .filteredOn(e -> e.action().equals("release.start"))
                .hasSize(4)
                .allSatisfy(e -> assertThat(e.result()).isEqualTo(AuditResult.REFUSED));
    }

    @Test
    void aBodyThatIsNotJsonGets415() throws Exception {
        anAppWithInstances();
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/releases"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(spec().replace('\'', '"')))
                .build();

        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(415);
        assertThat(store.releases("shop")).isEmpty();
    }

    @Test
    void aReleaseStartsOnceWhileItIsInProgress() throws Exception {
        anAppWithInstances();

        Reply first = post("/api/releases", spec());
        Reply second = post("/api/releases", spec());

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.body().path("state").asText()).isEqualTo("PENDING");
        assertThat(first.body().path("fromVersion").asText()).isEqualTo("1.0.0");
        assertThat(first.body().path("toVersion").asText()).isEqualTo("2.0.0");
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.body().path("error").asText()).contains("has a release in progress");
        assertThat(store.releases("shop")).hasSize(1);

        String id = first.body().path("id").asText();
        Reply shown = get("/api/releases/" + id);
        assertThat(shown.body().path("spec").path("drain").path("deadline").asText())
                .isEqualTo("PT30S");
        assertThat(get("/api/releases?app=shop&state=PENDING").body().path("releases"))
                .hasSize(1);
        assertThat(get("/api/releases?state=RUNNING").body().path("releases")).isEmpty();
        assertThat(get("/api/releases?state=SLEEPING").status()).isEqualTo(400);
        assertThat(get("/api/releases/nope").status()).isEqualTo(404);
    }

    @Test
    void commandsAreAppliedWhenLegalAndRefusedWith409Otherwise() throws Exception {
        anAppWithInstances();
        String id = startRelease();
        runningAs(id);

        Reply resumeRunning = post("/api/releases/" + id + "/resume", null);
        Reply pause = post("/api/releases/" + id + "/pause", null);
        Reply pauseAgain = post("/api/releases/" + id + "/pause", null);
        Reply resume = post("/api/releases/" + id + "/resume", null);
        Reply abort = post("/api/releases/" + id + "/abort", null);
        Reply unknown = post("/api/releases/nope/abort", null);
        Reply getOnCommand = get("/api/releases/" + id + "/abort");

        assertThat(resumeRunning.status()).isEqualTo(409);
        assertThat(resumeRunning.body().path("error").asText())
                .contains("RESUME")
                .contains("RUNNING");
        assertThat(pause.status()).isEqualTo(200);
        assertThat(pause.body().path("state").asText()).isEqualTo("PAUSED");
        assertThat(pauseAgain.status()).isEqualTo(409);
        assertThat(pauseAgain.body().path("error").asText())
                .isEqualTo("cannot PAUSE a PAUSED release (expected: one of [RUNNING])");
        assertThat(resume.body().path("state").asText()).isEqualTo("RUNNING");
        assertThat(abort.body().path("state").asText()).isEqualTo("ABORTING");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(getOnCommand.status()).isEqualTo(405);
        assertThat(getOnCommand.raw().headers().firstValue("Allow")).contains("POST");

        List<AuditEntry> entries =
                audit().stream().filter(e -> e.target().equals("release/" + id)).toList();
        assertThat(entries)
                .extracting(e -> e.action() + " " + e.result())
                .containsExactly(
                        "release.abort OK",
                        "release.resume OK",
                        "release.pause REFUSED",
                        "release.pause OK",
                        "release.resume REFUSED",
                        "release.start OK");
        assertThat(entries.get(0).actor())
                .startsWith(
                        BearerToken.of(TOKEN, ControllerApiServer.TOKEN_NAME).id() + "@127.0.0.1:");
        assertThat(entries.get(2).detail()).contains("cannot PAUSE a PAUSED release");
        Reply auditReply = get("/api/audit?limit=2");
        assertThat(auditReply.body().path("entries")).hasSize(2);
        assertThat(auditReply.body().path("entries").get(0).path("action").asText())
                .isEqualTo("release.abort");
        assertThat(get("/api/audit?limit=0").status()).isEqualTo(400);
    }

    /** Claims the release and moves it to RUNNING, as a runner would. */
    private dev.nonstop.controller.store.ReleaseFence runningAs(String id) {
        var fence = store.claimRelease(id, "runner-1", 1);
        store.updateReleaseState(fence, ReleaseState.PENDING, ReleaseState.RUNNING);
        return fence;
    }

    @Test
    void aReleaseShowsEachInstancesCurrentStepAndTimings() throws Exception {
        anAppWithInstances();
        String id = startRelease();
        var fence = runningAs(id);
        store.recordStepStarted(fence, "shop-127.0.0.1-8081", InstanceStep.DRAINING, "");
        store.recordStepDone(fence, "shop-127.0.0.1-8081", InstanceStep.DRAINING, "table 2");
        store.recordStepStarted(fence, "shop-127.0.0.1-8081", InstanceStep.DRAINED, "waiting");

        JsonNode instance = get("/api/releases/" + id).body().path("instances").get(0);

        assertThat(instance.path("instanceId").asText()).isEqualTo("shop-127.0.0.1-8081");
        assertThat(instance.path("step").asText()).isEqualTo("DRAINED");
        assertThat(instance.path("status").asText()).isEqualTo("STARTED");
        assertThat(instance.path("steps")).hasSize(2);
        assertThat(instance.path("steps").get(0).path("status").asText()).isEqualTo("DONE");
        assertThat(instance.path("steps").get(0).has("tookMs")).isTrue();
    }

    // ---- events

    @Test
    void theEventStreamReplaysTheStepLogThenSendsLiveEventsInOrderAndEnds() throws Exception {
        anAppWithInstances();
        String id = startRelease();
        var fence = runningAs(id);
        store.recordStepStarted(fence, "shop-1", InstanceStep.DRAINING, "");

        SseClient client = subscribe(id, null);
        await().until(() -> client.events().stream().anyMatch(e -> e.event().equals("step")));
        await().until(() -> events.listenerCount(id) == 1);
        events.onTransition(transition(id, InstanceStep.RUNNING_OLD, InstanceStep.DRAINING));
        events.onTransition(transition(id, InstanceStep.DRAINING, InstanceStep.DRAINED));
        Reply pause = post("/api/releases/" + id + "/pause", null);

        assertThat(pause.status()).isEqualTo(200);
        await().until(() -> client.events().size() >= 5);
        List<Sse> received = client.events();
        assertThat(received).extracting(Sse::event).startsWith("release", "step", "transition", "transition", "state");
        assertThat(received.get(0).data().path("state").asText()).isEqualTo("RUNNING");
        assertThat(received.get(1).id()).startsWith("step-");
        assertThat(received.get(2).id()).isEqualTo(events.epoch() + "-1");
        assertThat(received.get(2).data().path("to").asText()).isEqualTo("DRAINING");
        assertThat(received.get(3).id()).isEqualTo(events.epoch() + "-2");
        assertThat(received.get(4).data().path("to").asText()).isEqualTo("PAUSED");

        post("/api/releases/" + id + "/abort", null);
        events.stateChanged(id, ReleaseState.ABORTING, ReleaseState.ABORTED, Instant.now(), null);
        await().until(client::ended);
        assertThat(client.events()).last().satisfies(e -> {
            assertThat(e.event()).isEqualTo("end");
            assertThat(e.data().path("state").asText()).isEqualTo("ABORTED");
        });
        await().until(() -> events.listenerCount(id) == 0);
    }

    @Test
    void aReconnectWithLastEventIdResumesAfterIt() throws Exception {
        anAppWithInstances();
        String id = startRelease();
        runningAs(id);
        SseClient first = subscribe(id, null);
        await().until(() -> events.listenerCount(id) == 1);
        events.onTransition(transition(id, InstanceStep.RUNNING_OLD, InstanceStep.DRAINING));
        events.onTransition(transition(id, InstanceStep.DRAINING, InstanceStep.DRAINED));
        await().until(() -> first.events().size() >= 3);
        String lastSeen = first.events().get(1).id();
        first.close();
        events.onTransition(transition(id, InstanceStep.DRAINED, InstanceStep.STOPPED));

        SseClient second = subscribe(id, lastSeen);

        await().until(() -> second.events().stream()
                        .filter(e -> e.event().equals("transition"))
                        .count()
                >= 2);
        assertThat(second.events())
                .filteredOn(e -> e.event().equals("transition"))
                .extracting(e -> e.id() + " " + e.data().path("to").asText())
                .containsExactly(events.epoch() + "-2 DRAINED", events.epoch() + "-3 STOPPED");
        assertThat(second.events()).noneMatch(e -> e.event().equals("step"));
    }

    @Test
    void aSettledReleaseStreamsItsHistoryAndEndsAtOnceAndKeepAlivesFlowMeanwhile() throws Exception {
        anAppWithInstances();
        String id = startRelease();
        SseClient live = subscribe(id, null);
        await().until(() -> live.comments() >= 2);
        post("/api/releases/" + id + "/abort", null);

        SseClient late = subscribe(id, null);

        await().until(late::ended);
        await().until(live::ended);
        assertThat(late.events()).extracting(Sse::event).containsExactly("release", "end");
        assertThat(live.events()).extracting(Sse::event).containsExactly("release", "state", "end");
        assertThat(get("/api/releases/nope/events").status()).isEqualTo(404);
    }

    private static InstanceTransition transition(String id, InstanceStep from, InstanceStep to) {
        return new InstanceTransition(id, "shop-1", from, to, Instant.now(), "");
    }

    // ---- a small SSE client

    private record Sse(String id, String event, JsonNode data) {}

    private SseClient subscribe(String releaseId, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/releases/" + releaseId + "/events"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        SseClient client = new SseClient(response.body());
        streams.add(client);
        return client;
    }

    /** Reads an event stream on a thread of its own. */
    private static final class SseClient implements AutoCloseable {
        private final List<Sse> events = new CopyOnWriteArrayList<>();
        private final Stream<String> lines;
        private final CompletableFuture<Void> reader;
        private volatile int comments;

        SseClient(Stream<String> lines) {
            this.lines = lines;
            this.reader = CompletableFuture.runAsync(this::read);
        }

        private void read() {
            Map<String, String> fields = new java.util.HashMap<>();
            try {
                lines.forEach(line -> {
                    if (line.isEmpty()) {
                        if (!fields.isEmpty()) {
                            try {
                                events.add(new Sse(
                                        fields.get("id"), fields.get("event"), JSON.readTree(fields.get("data"))));
                            } catch (IOException e) {
                                throw new IllegalStateException(e);
                            }
                            fields.clear();
                        }
                    } else if (line.startsWith(":")) {
                        comments++;
                    } else {
                        int colon = line.indexOf(':');
                        fields.put(
                                line.substring(0, colon),
                                line.substring(colon + 1).strip());
                    }
                });
            } catch (RuntimeException closed) {
                // The stream was closed by the test.
            }
        }

        List<Sse> events() {
            return List.copyOf(events);
        }

        int comments() {
            return comments;
        }

        boolean ended() {
            return reader.isDone();
        }

        @Override
        public void close() {
            lines.close();
        }
    }
}
