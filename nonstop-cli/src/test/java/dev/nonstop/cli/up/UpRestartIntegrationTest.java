package dev.nonstop.cli.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nonstop.cli.DemoApps;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nonstop up} killed with SIGKILL in the middle of a release and started again on the same
 * data: the new agent adopts the instances the old one left running (none is started twice), the
 * recovery scanner takes the release over, resumes it at its recorded step and finishes it.
 */
@Timeout(240)
class UpRestartIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<Process> ups = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() throws Exception {
        for (Process up : ups) {
            if (up.isAlive()) {
                up.toHandle().destroy(); // SIGTERM: nonstop up stops its instances
                up.waitFor(30, TimeUnit.SECONDS);
            }
        }
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(dir.toString()))
                .forEach(ProcessHandle::destroyForcibly);
        http.shutdownNow();
    }

    private Process up(Path config) throws Exception {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.nonstop.cli.NonstopCommand",
                        "up",
                        "-c",
                        config.toString())
                .redirectErrorStream(true)
                .start();
        ups.add(process);
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("nonstop up: ready")) {
                        ready.complete(null);
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException("nonstop up exited before it was ready"));
        });
        ready.get(90, TimeUnit.SECONDS);
        return process;
    }

    private JsonNode call(int port, String method, String path, String body) throws Exception {
        String token =
                Files.readString(dir.resolve(".nonstop/controller.token")).trim();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10));
        request = body == null
                ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("%s %s: %s", method, path, response.body())
                .isLessThan(300);
        return JSON.readTree(response.body());
    }

    @Test
    void aReleaseInterruptedByKillingNonstopUpIsResumedAndFinishedWhenItStartsAgain() throws Exception {
        Path v1 = DemoApps.extract(dir, "nonstop-sample-app-v1.jar");
        Path v2 = DemoApps.extract(dir, "nonstop-sample-app-v2.jar");
        int api = DemoApps.freePort();
        int basePort = DemoApps.freePortRange(3);
        Path config = dir.resolve("nonstop.yaml");
        Files.writeString(
                config,
                """
                dataDir: .nonstop
                gateway: { listen: 127.0.0.1:0, admin: 127.0.0.1:0 }
                controller: { listen: 127.0.0.1:%d }
                apps:
                  - name: shop
                    version: v1
                    artifact: %s
                    instances: 3
                    basePort: %d
                    env: { SAMPLE_SESSION_SECRET: restart-test, SAMPLE_STARTUP_DELAY_MS: "100" }
                """
                        .formatted(api, v1, basePort));

        Process first = up(config);
        JsonNode release = call(
                api,
                "POST",
                "/api/releases",
                """
                {"app":"shop","version":"v2","artifact":"%s","batchSize":1,
                 "warmUp":{"weightSteps":[50,100],"stepInterval":"1s","errorRateThreshold":0.01}}
                """
                        .formatted(v2));
        String id = release.get("id").asText();
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        call(api, "GET", "/api/releases/" + id, null).toString().contains("WARMING"));
        long[] pidsBefore = instancePids();
        assertThat(pidsBefore).as("the three instances' processes").hasSize(3);
        first.destroyForcibly().waitFor();

        up(config);
        long[] pidsAfterRestart = instancePids();
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> call(api, "GET", "/api/releases/" + id, null)
                        .path("state")
                        .asText()
                        .equals("SUCCEEDED"));

        assertThat(pidsAfterRestart)
                .as("the instances left running were adopted, not started again")
                .isEqualTo(pidsBefore);
        for (int port = basePort; port < basePort + 3; port++) {
            assertThat(http.send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/version"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body())
                    .contains("\"v2\"");
        }
    }

    /** The pids of the sample app processes started from this test's data directory, sorted. */
    private long[] instancePids() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info()
                                .commandLine()
                                .orElse("")
                                .contains(dir.resolve(".nonstop").toString())
                        && p.info().commandLine().orElse("").contains("app.jar"))
                .mapToLong(ProcessHandle::pid)
                .sorted()
                .toArray();
    }
}
