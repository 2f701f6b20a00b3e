package dev.nonstop.app.httpserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.nonstop.app.NonstopApp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NonstopHttpHandlerIntegrationTest {

    private final NonstopApp app = NonstopApp.builder(
                    Map.of("NONSTOP_INSTANCE_ID", "jdk-1", "NONSTOP_APP_TOKEN", "tok"))
            .version("v7")
            .build();
    private final CountDownLatch release = new CountDownLatch(1);
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", NonstopHttpHandler.wrap(app, exchange -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "done".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }));
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private HttpResponse<String> send(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSlowRequestIsInFlightUntilItsResponseIsWrittenAndTheDrainedAppThenTurnsIdle() throws Exception {
        CompletableFuture<HttpResponse<String>> slow = client.sendAsync(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + server.getAddress().getPort() + "/work"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        await().until(() -> app.inFlight().count() == 1);

        HttpResponse<String> drained = send("POST", "/nonstop/drain", "tok");
        assertThat(drained.statusCode()).isEqualTo(200);
        assertThat(drained.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(drained.body()).contains("\"draining\":true,\"idle\":false,\"inFlight\":1");

        release.countDown();
        assertThat(slow.get(30, TimeUnit.SECONDS).body()).isEqualTo("done");
        await().until(() -> send("GET", "/nonstop/status", "tok").body().contains("\"idle\":true,\"inFlight\":0"));
    }

    @Test
    void theEndpointsNeedTheTokenAndAreNotCounted() throws Exception {
        HttpResponse<String> refused = send("GET", "/nonstop/status", null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(send("POST", "/nonstop/drain", "nope").statusCode()).isEqualTo(401);
        assertThat(app.isDraining()).isFalse();
        assertThat(send("GET", "/nonstop/drain", "tok").statusCode()).isEqualTo(405);

        assertThat(send("GET", "/nonstop/status", "tok").body())
                .isEqualTo("{\"instance\":\"jdk-1\",\"version\":\"v7\",\"draining\":false,\"idle\":false,"
                        + "\"inFlight\":0,\"participants\":[{\"name\":\"http\",\"idle\":true,\"inFlight\":0,"
                        + "\"detail\":\"0 request(s) in flight\"}]}");
    }
}
