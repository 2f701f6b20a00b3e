package dev.nonstop.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The v1, v2 and v3 jars as real processes, released the way Nonstop releases them. */
class SampleAppIntegrationTest {

    private static final String SECRET = "integration-test-shared-secret";
    private static final String TOKEN = "integration-test-app-token";

    private static Map<String, String> env(String instanceId, String... more) {
        Map<String, String> env = new HashMap<>(Map.of(
                "PORT",
                "0",
                "HOST",
                "127.0.0.1",
                "NONSTOP_INSTANCE_ID",
                instanceId,
                "SAMPLE_SESSION_SECRET",
                SECRET,
                "NONSTOP_APP_TOKEN",
                TOKEN,
                "SAMPLE_STARTUP_DELAY_MS",
                "0"));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    @Test
    void aUserStaysLoggedInWhileV1StopsGracefullyAndV2TakesOver() throws Exception {
        String cookie;
        try (SampleProcess v1 = SampleProcess.start("v1", env("app-1"))) {
            Http http = v1.http();
            HttpResponse<String> login =
                    http.post("/login", "user=alice", "Content-Type", "application/x-www-form-urlencoded");
            assertThat(login.statusCode()).isEqualTo(200);
            cookie = Http.sessionCookie(login);
            assertThat(http.get("/me", "Cookie", cookie).body())
                    .isEqualTo("{\"user\":\"alice\",\"instance\":\"app-1\",\"version\":\"v1\"}");
            assertThat(http.get("/", "Cookie", cookie).body()).contains("#1f6feb", "Version 1", "alice");

            CompletableFuture<HttpResponse<String>> slow = http.getAsync("/slow?ms=4000");
            await().until(() -> http.get("/nonstop/status", "Authorization", "Bearer " + TOKEN)
                    .body()
                    .contains("\"inFlight\":1,"));

            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> terminate(v1));

            await().atMost(Duration.ofSeconds(3)).until(() -> refusesConnections(v1.port()));
            HttpResponse<String> slowAnswer = slow.get(30, TimeUnit.SECONDS);
            assertThat(slowAnswer.statusCode()).isEqualTo(200);
            assertThat(slowAnswer.body()).contains("\"ms\":4000");
            assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
            assertThat(v1.stderr()).contains("stopping, 1 request(s) in flight", "stopped, no request in flight");
        }

        try (SampleProcess v2 = SampleProcess.start("v2", env("app-1"))) {
            HttpResponse<String> me = v2.http().get("/me", "Cookie", cookie);
            assertThat(me.statusCode()).isEqualTo(200);
            assertThat(me.body()).isEqualTo("{\"user\":\"alice\",\"instance\":\"app-1\",\"version\":\"v2\"}");
            assertThat(me.headers().firstValue("X-App-Version")).contains("v2");
            assertThat(me.headers().firstValue("X-Instance-Id")).contains("app-1");
            assertThat(v2.http().get("/", "Cookie", cookie).body()).contains("#1a7f37", "Version 2", "alice");
            assertThat(v2.http().get("/version").body()).isEqualTo("{\"version\":\"v2\",\"instance\":\"app-1\"}");
            assertThat(v2.terminate()).isZero();
        }
    }

    @Test
    void anIdleInstanceStopsAtOnceWithStatusZero() throws Exception {
        try (SampleProcess v1 = SampleProcess.start("v1", env("app-idle"))) {
            long start = System.nanoTime();

            assertThat(v1.terminate()).isZero();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void readyIsUnavailableDuringTheWarmUpThenAvailable() throws Exception {
        try (SampleProcess v1 = SampleProcess.start("v1", env("app-warm", "SAMPLE_STARTUP_DELAY_MS", "3000"))) {
            Http http = v1.http();

            assertThat(http.get("/ready").statusCode()).isEqualTo(503);
            assertThat(http.get("/health").statusCode()).isEqualTo(200);
            assertThat(http.get("/version").statusCode()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> http.get("/ready").statusCode() == 200);
        }
    }

    @Test
    void drainAndResumeNeedTheTokenAndDrainKeepsServing() throws Exception {
        try (SampleProcess v2 = SampleProcess.start("v2", env("app-drain"))) {
            Http http = v2.http();

            assertThat(http.post("/nonstop/drain", "").statusCode()).isEqualTo(401);
            assertThat(http.post("/nonstop/drain", "", "Authorization", "Bearer wrong")
                            .statusCode())
                    .isEqualTo(401);
            assertThat(http.get("/ready").statusCode()).isEqualTo(200);

            HttpResponse<String> drain = http.post("/nonstop/drain", "", "Authorization", "Bearer " + TOKEN);
            assertThat(drain.statusCode()).isEqualTo(200);
            assertThat(drain.body()).contains("\"draining\":true");
            assertThat(http.get("/ready").statusCode()).isEqualTo(503);
            assertThat(http.get("/version").statusCode()).isEqualTo(200);

            CompletableFuture<HttpResponse<String>> slow = http.getAsync("/slow?ms=1000");
            await().until(() -> http.get("/nonstop/status", "Authorization", "Bearer " + TOKEN)
                    .body()
                    .equals("{\"instance\":\"app-drain\",\"version\":\"v2\",\"draining\":true,"
                            + "\"idle\":false,\"inFlight\":1,\"participants\":["
                            + "{\"name\":\"http\",\"idle\":false,\"inFlight\":1,"
                            + "\"detail\":\"1 request(s) in flight\"},"
                            + "{\"name\":\"readiness\",\"idle\":true,\"inFlight\":0,"
                            + "\"detail\":\"ready endpoint draining\"}]}"));
            assertThat(slow.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            await().until(() -> http.get("/nonstop/status", "Authorization", "Bearer " + TOKEN)
                    .body()
                    .contains("\"draining\":true,\"idle\":true,\"inFlight\":0,"));

            assertThat(http.post("/nonstop/resume", "", "Authorization", "Bearer wrong")
                            .statusCode())
                    .isEqualTo(401);
            assertThat(http.get("/ready").statusCode()).isEqualTo(503);
            assertThat(http.post("/nonstop/resume", "", "Authorization", "Bearer " + TOKEN)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(http.get("/ready").statusCode()).isEqualTo(200);
            assertThat(http.get("/nonstop/status", "Authorization", "Bearer " + TOKEN)
                            .body())
                    .contains("\"draining\":false,\"idle\":false");
            assertThat(http.get("/nonstop/status").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void withoutAConfiguredTokenTheDrainEndpointsRefuseEverything() throws Exception {
        Map<String, String> env = env("app-no-token");
        env.remove("NONSTOP_APP_TOKEN");
        try (SampleProcess v1 = SampleProcess.start("v1", env)) {
            assertThat(v1.http()
                            .post("/nonstop/drain", "", "Authorization", "Bearer ")
                            .statusCode())
                    .isEqualTo(401);
            assertThat(v1.http()
                            .post("/nonstop/drain", "", "Authorization", "Bearer null")
                            .statusCode())
                    .isEqualTo(401);
            assertThat(v1.http()
                            .get("/nonstop/status", "Authorization", "Bearer ")
                            .statusCode())
                    .isEqualTo(401);
            assertThat(v1.http().get("/ready").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theFailureSwitchesBreakReadinessAndTheSmokeCheck() throws Exception {
        try (SampleProcess v3 =
                SampleProcess.start("v3", env("app-bad", "SAMPLE_FAIL_HEALTH", "true", "SAMPLE_FAIL_SMOKE", "true"))) {
            Http http = v3.http();

            assertThat(http.get("/version").statusCode()).isEqualTo(500);
            assertThat(http.get("/ready").body()).contains("\"state\":\"failing\"");
            assertThat(http.get("/ready").statusCode()).isEqualTo(503);
            assertThat(http.get("/health").statusCode()).isEqualTo(200);
            assertThat(http.get("/").body()).contains("#8250df", "Version 3");
        }
    }

    @Test
    void aBadValueExitsWithStatusTwoNamingTheVariable() throws Exception {
        SampleProcess.Exit exit = SampleProcess.run("v1", env("app-x", "PORT", "99999"));

        assertThat(exit.status()).isEqualTo(2);
        assertThat(exit.stdout()).isEmpty();
        assertThat(exit.stderr()).contains("PORT: 99999 (expected: a port 1-65535, or 0 for an ephemeral port)");

        SampleProcess.Exit badArg = SampleProcess.run("v1", env("app-x"), "--sample-fail-smoke=maybe");
        assertThat(badArg.status()).isEqualTo(2);
        assertThat(badArg.stderr()).contains("SAMPLE_FAIL_SMOKE: maybe (expected: true or false)");
    }

    private static int terminate(SampleProcess process) {
        try {
            return process.terminate();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean refusesConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
