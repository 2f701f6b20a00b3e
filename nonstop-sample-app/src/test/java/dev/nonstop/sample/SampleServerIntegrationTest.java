package dev.nonstop.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nonstop.sample.config.SampleConfig;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The endpoints over real sockets, with the server in the test's JVM. */
class SampleServerIntegrationTest {

    private static final AppVersion VERSION = new AppVersion("v9", "Test banner <b>", "#123456");
    private static final String TOKEN = "t0ken";
    private static final String[] AUTH = {"Authorization", "Bearer " + TOKEN};

    private SampleServer server;
    private Http http;

    private static SampleConfig config(Optional<String> token, boolean failSmoke) {
        return new SampleConfig(
                0, "127.0.0.1", "test-1", "secret", token, Duration.ZERO, false, failSmoke, Duration.ofSeconds(5));
    }

    @BeforeEach
    void start() throws Exception {
        server = SampleServer.start(config(Optional.of(TOKEN), false), VERSION, Clock.systemUTC());
        http = new Http(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyResponseNamesItsInstanceAndVersion() {
        for (HttpResponse<String> response :
                List.of(http.get("/"), http.get("/nowhere"), http.post("/me", ""), http.get("/ready"))) {
            assertThat(response.headers().firstValue("X-Instance-Id")).contains("test-1");
            assertThat(response.headers().firstValue("X-App-Version")).contains("v9");
        }
    }

    @Test
    void unknownPathsAre404AndWrongMethods405() {
        assertThat(http.get("/nowhere").statusCode()).isEqualTo(404);
        assertThat(http.get("/login/extra").statusCode()).isEqualTo(404);
        HttpResponse<String> wrongMethod = http.get("/login");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).contains("POST");
    }

    @Test
    void aJsonLoginSetsASignedSessionCookieThatMeAccepts() {
        HttpResponse<String> login = http.post("/login", "{\"user\":\"bob\"}", "Content-Type", "application/json");

        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).isEqualTo("{\"user\":\"bob\",\"instance\":\"test-1\",\"version\":\"v9\"}");
        assertThat(login.headers().firstValue("Set-Cookie").orElseThrow())
                .startsWith("SAMPLE_SESSION=")
                .contains("HttpOnly", "SameSite=Lax", "Path=/");
        HttpResponse<String> me = http.get("/me", "Cookie", Http.sessionCookie(login));
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).isEqualTo("{\"user\":\"bob\",\"instance\":\"test-1\",\"version\":\"v9\"}");
    }

    @Test
    void aBrowserFormLoginGoesBackToThePageWhichShowsTheUser() {
        HttpResponse<String> login = http.post(
                "/login",
                "user=%3Cscript%3E",
                "Content-Type",
                "application/x-www-form-urlencoded",
                "Accept",
                "text/html");

        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("Location")).contains("/");
        String page = http.get("/", "Cookie", Http.sessionCookie(login)).body();
        assertThat(page).contains("&lt;script&gt;", "background: #123456", "Test banner &lt;b&gt;", "test-1");
        assertThat(page).doesNotContain("<script>");
    }

    @Test
    void withoutAValidCookieMeIsUnauthorized() {
        String cookie = Http.sessionCookie(http.post("/login", "user=carol"));

        assertThat(http.get("/me").statusCode()).isEqualTo(401);
        assertThat(http.get("/me", "Cookie", cookie + "x").statusCode()).isEqualTo(401);
        assertThat(http.get("/me", "Cookie", cookie.replace("Y2Fyb2w", "bWFsbG9yeQ"))
                        .statusCode())
                .isEqualTo(401);
        assertThat(http.get("/", "Cookie", cookie + "x").body()).contains("Not logged in");
    }

    @Test
    void logoutClearsTheCookie() {
        HttpResponse<String> logout = http.post("/logout", "");

        assertThat(logout.statusCode()).isEqualTo(200);
        assertThat(logout.headers().firstValue("Set-Cookie").orElseThrow()).contains("SAMPLE_SESSION=;", "Max-Age=0");
    }

    @Test
    void aLoginWithoutAUsableNameIsABadRequest() {
        assertThat(http.post("/login", "").statusCode()).isEqualTo(400);
        assertThat(http.post("/login", "user=+++").statusCode()).isEqualTo(400);
        assertThat(http.post("/login", "{\"user\":", "Content-Type", "application/json")
                        .body())
                .contains("malformed JSON");
        assertThat(http.post("/login", "user=" + "x".repeat(65)).statusCode()).isEqualTo(400);
    }

    @Test
    void ordersReadTheWholeBody() {
        HttpResponse<String> order = http.post("/orders", "x".repeat(3 * 1024 * 1024));

        assertThat(order.statusCode()).isEqualTo(201);
        assertThat(order.body()).matches("\\{\"id\":\"test-1-\\d+\",\"bytes\":3145728}");
    }

    @Test
    void anOrderOfUnknownLengthIsReadToItsEnd() {
        byte[] body = new byte[200_000];
        HttpRequest chunked = http.request("/orders")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
                .build();

        assertThat(http.send(chunked).body()).endsWith("\"bytes\":200000}");
    }

    @Test
    void anOrderAboveTenMegabytesIsTooLarge() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /orders HTTP/1.1\r\nHost: x\r\nContent-Length: " + (10 * 1024 * 1024 + 1) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);

            assertThat(statusLine).isEqualTo("HTTP/1.1 413");
        }
    }

    @Test
    void slowAnswersAfterTheRequestedTimeWithinItsRange() {
        long start = System.nanoTime();
        HttpResponse<String> slow = http.get("/slow?ms=200");

        assertThat(slow.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(http.get("/slow?ms=60001").body()).contains("ms: 60001 (expected: milliseconds 0-60000)");
        assertThat(http.get("/slow?ms=soon").statusCode()).isEqualTo(400);
        assertThat(http.get("/slow?ms=-1").statusCode()).isEqualTo(400);
    }

    @Test
    void statusCountsApplicationRequestsButNotProbes() throws Exception {
        assertThat(http.get("/nonstop/status").statusCode()).isEqualTo(401);
        assertThat(http.get("/nonstop/status", "Authorization", "Bearer wrong").statusCode())
                .isEqualTo(401);
        assertThat(http.get("/nonstop/status", AUTH).body())
                .isEqualTo(
                        "{\"instance\":\"test-1\",\"version\":\"v9\",\"draining\":false,\"idle\":false,"
                                + "\"inFlight\":0,\"participants\":["
                                + "{\"name\":\"http\",\"idle\":true,\"inFlight\":0,\"detail\":\"0 request(s) in flight\"},"
                                + "{\"name\":\"readiness\",\"idle\":true,\"inFlight\":0,\"detail\":\"ready endpoint ready\"}]}");

        CompletableFuture<HttpResponse<String>> first = http.getAsync("/slow?ms=1500");
        CompletableFuture<HttpResponse<String>> second = http.getAsync("/slow?ms=1500");
        await().until(() -> server.inFlight().count() == 2);
        assertThat(http.get("/ready").statusCode()).isEqualTo(200);
        assertThat(http.get("/nonstop/status", AUTH).body()).contains("\"inFlight\":2,");

        first.get(30, TimeUnit.SECONDS);
        second.get(30, TimeUnit.SECONDS);
        await().until(() -> http.get("/nonstop/status", AUTH).body().contains("\"inFlight\":0,"));
    }

    @Test
    void drainNeedsTheBearerTokenAndKeepsServing() {
        assertThat(http.post("/nonstop/drain", "", "Authorization", "t0ken").statusCode())
                .isEqualTo(401);
        assertThat(http.post("/nonstop/drain", "", "Authorization", "Basic t0ken")
                        .statusCode())
                .isEqualTo(401);
        assertThat(http.post("/nonstop/drain", "", "Authorization", "Bearer t0ke")
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> refused = http.post("/nonstop/drain", "");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(http.get("/nonstop/drain").statusCode()).isEqualTo(405);

        assertThat(http.post("/nonstop/drain", "", "Authorization", "Bearer t0ken")
                        .body())
                .startsWith("{\"instance\":\"test-1\",\"version\":\"v9\",\"draining\":true,\"idle\":true,"
                        + "\"inFlight\":0,\"participants\":[");
        assertThat(http.get("/ready").body()).contains("\"state\":\"draining\"");
        assertThat(http.get("/version").statusCode()).isEqualTo(200);

        assertThat(http.post("/nonstop/resume", "", "Authorization", "bearer t0ken")
                        .statusCode())
                .isEqualTo(200);
        assertThat(http.get("/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void withoutATokenNoDrainIsAccepted() throws Exception {
        try (SampleServer noToken = SampleServer.start(config(Optional.empty(), false), VERSION, Clock.systemUTC())) {
            Http noTokenHttp = new Http(noToken.port());

            assertThat(noTokenHttp
                            .post("/nonstop/drain", "", "Authorization", "Bearer ")
                            .statusCode())
                    .isEqualTo(401);
            assertThat(noTokenHttp
                            .post("/nonstop/resume", "", "Authorization", "Bearer t0ken")
                            .statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void theFailingSmokeSwitchMakesVersionAnswer500() throws Exception {
        assertThat(http.get("/version").body()).isEqualTo("{\"version\":\"v9\",\"instance\":\"test-1\"}");
        try (SampleServer failing = SampleServer.start(config(Optional.empty(), true), VERSION, Clock.systemUTC())) {
            assertThat(new Http(failing.port()).get("/version").statusCode()).isEqualTo(500);
        }
    }
}
