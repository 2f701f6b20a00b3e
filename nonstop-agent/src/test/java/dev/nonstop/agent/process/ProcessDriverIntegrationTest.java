package dev.nonstop.agent.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nonstop.agent.TestApps;
import dev.nonstop.agent.artifact.ArtifactStore;
import dev.nonstop.agent.contract.InstanceAlreadyRunningException;
import dev.nonstop.agent.contract.InstanceSpec;
import dev.nonstop.agent.contract.InstanceState;
import dev.nonstop.agent.contract.InstanceStatus;
import dev.nonstop.agent.contract.ProcessStartException;
import dev.nonstop.agent.contract.StopMode;
import dev.nonstop.agent.contract.StopResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes of a tiny app compiled at test time. */
class ProcessDriverIntegrationTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    static Path jars;

    static Path tinyJar;

    @TempDir
    Path data;

    private ProcessDriver driver;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void buildTheApp() {
        tinyJar = TestApps.tinyApp(jars, "v1");
    }

    @BeforeEach
    void installIt() {
        ArtifactStore store = new ArtifactStore(data);
        store.install("tiny", "v1", tinyJar, null);
        driver = new ProcessDriver(data, ProcessDriver.currentJava(), store, Clock.systemUTC(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stopEverything() {
        driver.close();
    }

    private static InstanceSpec spec(String id, int port, Map<String, String> env) {
        return new InstanceSpec(id, "tiny", "v1", port, env, List.of("-Xmx64m", "-XX:TieredStopAtLevel=1"));
    }

    private Optional<String> get(int port) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return Optional.of(response.body());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private String log(String instanceId) throws IOException {
        return Files.readString(driver.logs().current(instanceId));
    }

    @Test
    void portAndInstanceAreExpandedInEnvJvmArgsAndArgsAndSpringBootsServerPortIsSet() throws IOException {
        int port = TestApps.freePort();

        driver.start(new InstanceSpec(
                "tiny-t",
                "tiny",
                "v1",
                port,
                Map.of("MESSAGE", "${INSTANCE}@${PORT} costs $$5"),
                List.of("-Xmx64m", "-Dnonstop.test.port=${PORT}"),
                List.of("--name=${INSTANCE}", "--port=${PORT}")));

        await().atMost(PATIENCE).until(() -> get(port).isPresent());
        assertThat(log("tiny-t"))
                .contains("message tiny-t@" + port + " costs $5")
                .contains("SERVER_PORT " + port)
                .contains("PROBES true")
                .contains("args --name=tiny-t --port=" + port)
                .contains("-Dnonstop.test.port=" + port + " -jar");
    }

    @Test
    void anAppsOwnEnvTurnsSpringBootsProbesOffAgain() throws IOException {
        int port = TestApps.freePort();

        driver.start(new InstanceSpec(
                "tiny-p", "tiny", "v1", port, Map.of(ProcessDriver.SPRING_BOOT_PROBES, "false"), List.of(), List.of()));

        await().atMost(PATIENCE).until(() -> get(port).isPresent());
        assertThat(log("tiny-p")).contains("PROBES false");
    }

    @Test
    void startedInstanceServesOnItsPortAndStopsGracefullyOnSigterm() throws IOException {
        int port = TestApps.freePort();

        InstanceStatus started = driver.start(spec("tiny-1", port, Map.of()));

        assertThat(started.state()).isEqualTo(InstanceState.RUNNING);
        assertThat(started.pid()).isPresent();
        await().atMost(PATIENCE).until(() -> get(port).isPresent());
        assertThat(get(port)).contains("hello from tiny-1 version v1");
        assertThat(log("tiny-1")).contains("in " + data.toAbsolutePath().resolve("instances/tiny-1"));

        StopResult stopped = driver.stop("tiny-1", Duration.ofSeconds(20));

        assertThat(stopped.mode()).isEqualTo(StopMode.GRACEFUL);
        assertThat(stopped.exitCode()).hasValue(0);
        assertThat(driver.status("tiny-1").state()).isEqualTo(InstanceState.STOPPED);
        assertThat(driver.status("tiny-1").exitCode()).hasValue(0);
        assertThat(ProcessHandle.of(started.pid().getAsLong()).map(ProcessHandle::isAlive))
                .isNotEqualTo(Optional.of(true));
        assertThat(log("tiny-1")).contains("SIGTERM: stopping gracefully");
        assertThat(driver.stop("tiny-1", Duration.ofSeconds(1)).mode()).isEqualTo(StopMode.ALREADY_STOPPED);
    }

    @Test
    void anExecPrefixRunsTheAppThroughThatCommandWhichKeepsThePidTheAgentStopsBy() throws IOException {
        ArtifactStore store = new ArtifactStore(data);
        ProcessDriver prefixed = new ProcessDriver(
                data,
                List.of("env", "NONSTOP_INSTANCE_ID=through-the-prefix"),
                ProcessDriver.currentJava(),
                store,
                Clock.systemUTC(),
                Duration.ofSeconds(5));
        try {
            int port = TestApps.freePort();

            InstanceStatus started = prefixed.start(spec("tiny-p", port, Map.of()));

            await().atMost(PATIENCE).until(() -> get(port).isPresent());
            assertThat(get(port)).contains("hello from through-the-prefix version v1");
            assertThat(log("tiny-p")).contains(": env NONSTOP_INSTANCE_ID=through-the-prefix ");
            assertThat(ProcessHandle.of(started.pid().getAsLong())
                            .flatMap(h -> h.info().command()))
                    .hasValueSatisfying(command -> assertThat(command).endsWith("java"));
            StopResult stopped = prefixed.stop("tiny-p", Duration.ofSeconds(20));
            assertThat(stopped.mode()).isEqualTo(StopMode.GRACEFUL);
        } finally {
            prefixed.close();
        }
    }

    @Test
    void anAgentStartedAfterItsPredecessorDiedAdoptsTheInstancesStillRunningInsteadOfStartingThemTwice() {
        int port = TestApps.freePort();
        InstanceStatus started = driver.start(spec("tiny-1", port, Map.of()));
        await().atMost(PATIENCE).until(() -> get(port).isPresent());

        // The first agent is gone without stopping anything (SIGKILL): a new one opens the same data.
        ProcessDriver successor = new ProcessDriver(
                data, ProcessDriver.currentJava(), new ArtifactStore(data), Clock.systemUTC(), Duration.ofSeconds(5));
        try {
            InstanceStatus adopted = successor.status("tiny-1");
            assertThat(adopted.state()).isEqualTo(InstanceState.RUNNING);
            assertThat(adopted.pid()).isEqualTo(started.pid());
            assertThat(adopted.port()).isEqualTo(port);
            assertThatThrownBy(() -> successor.start(spec("tiny-1", port, Map.of())))
                    .isInstanceOf(InstanceAlreadyRunningException.class);

            StopResult stopped = successor.stop("tiny-1", Duration.ofSeconds(20));

            assertThat(stopped.mode()).isEqualTo(StopMode.GRACEFUL);
            assertThat(ProcessHandle.of(started.pid().getAsLong()).map(ProcessHandle::isAlive))
                    .isNotEqualTo(Optional.of(true));
            assertThat(successor.status("tiny-1").state()).isEqualTo(InstanceState.STOPPED);
        } finally {
            successor.close();
        }
    }

    @Test
    void aRecordWhoseProcessIsGoneIsNotAdopted() {
        int port = TestApps.freePort();
        driver.start(spec("tiny-1", port, Map.of()));
        driver.stop("tiny-1", Duration.ofSeconds(20));

        ProcessDriver successor = new ProcessDriver(
                data, ProcessDriver.currentJava(), new ArtifactStore(data), Clock.systemUTC(), Duration.ofSeconds(5));
        try {
            assertThat(successor.list()).isEmpty();
        } finally {
            successor.close();
        }
    }

    @Test
    void instanceThatIgnoresSigtermIsKilledWhenTheTimeoutPasses() throws IOException {
        int port = TestApps.freePort();
        driver.start(spec("stubborn", port, Map.of("IGNORE_TERM", "true")));
        await().atMost(PATIENCE).until(() -> get(port).isPresent());

        StopResult stopped = driver.stop("stubborn", Duration.ofMillis(500));

        assertThat(stopped.mode()).isEqualTo(StopMode.KILLED);
        assertThat(stopped.exitCode()).hasValue(137);
        assertThat(stopped.took()).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        assertThat(driver.status("stubborn").state()).isEqualTo(InstanceState.STOPPED);
        assertThat(log("stubborn")).contains("ignoring SIGTERM");
        assertThat(get(port)).isEmpty();
    }

    @Test
    void processThatExitsOnItsOwnIsReportedExitedWithItsCode() {
        driver.start(spec("crasher", TestApps.freePort(), Map.of("EXIT_CODE", "3")));

        await().atMost(PATIENCE).until(() -> driver.status("crasher").state() == InstanceState.EXITED);

        assertThat(driver.status("crasher").exitCode()).hasValue(3);
        assertThat(driver.stop("crasher", Duration.ofSeconds(1)))
                .satisfies(r -> assertThat(r.mode()).isEqualTo(StopMode.ALREADY_STOPPED))
                .satisfies(r -> assertThat(r.exitCode()).hasValue(3));
    }

    @Test
    void startingAnInstanceIdThatIsRunningIsRefused() {
        int port = TestApps.freePort();
        driver.start(spec("once", port, Map.of()));

        assertThatThrownBy(() -> driver.start(spec("once", TestApps.freePort(), Map.of())))
                .isInstanceOf(InstanceAlreadyRunningException.class)
                .hasMessageStartingWith("instance once is RUNNING (pid ");

        assertThat(driver.list()).hasSize(1);
    }

    @Test
    void restartKeepsThePreviousRunsLogAsLog1() throws IOException {
        driver.start(spec("twice", TestApps.freePort(), Map.of("EXIT_CODE", "0", "MESSAGE", "first-run")));
        await().atMost(PATIENCE).until(() -> driver.status("twice").state() == InstanceState.EXITED);

        driver.start(spec("twice", TestApps.freePort(), Map.of("EXIT_CODE", "0", "MESSAGE", "second-run")));
        await().atMost(PATIENCE).until(() -> driver.status("twice").state() == InstanceState.EXITED);

        assertThat(Files.readString(driver.logs().previous("twice")))
                .contains("message first-run")
                .doesNotContain("second-run");
        assertThat(log("twice")).contains("message second-run").doesNotContain("first-run");
    }

    @Test
    void closingTheDriverStopsEveryInstanceItStarted() {
        int a = TestApps.freePort();
        int b = TestApps.freePort();
        long pidA = driver.start(spec("a", a, Map.of())).pid().getAsLong();
        long pidB =
                driver.start(spec("b", b, Map.of("IGNORE_TERM", "true"))).pid().getAsLong();
        await().atMost(PATIENCE).until(() -> get(a).isPresent() && get(b).isPresent());

        driver.close();

        assertThat(List.of(pidA, pidB))
                .allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                        .isEmpty());
        assertThat(driver.list()).extracting(InstanceStatus::state).containsOnly(InstanceState.STOPPED);
        assertThatThrownBy(() -> driver.start(spec("late", TestApps.freePort(), Map.of())))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aJavaCommandThatCannotRunLeavesTheInstanceFailed() {
        ProcessDriver broken = new ProcessDriver(
                data, "/nonexistent/bin/java", new ArtifactStore(data), Clock.systemUTC(), Duration.ofSeconds(1));
        try (broken) {
            assertThatThrownBy(() -> broken.start(spec("nope", TestApps.freePort(), Map.of())))
                    .isInstanceOf(ProcessStartException.class)
                    .hasMessageContaining("cannot start instance nope");
            assertThat(broken.status("nope").state()).isEqualTo(InstanceState.FAILED);
        }
    }

    @Test
    void anUninstalledVersionCannotBeStarted() {
        assertThatThrownBy(() -> driver.start(new InstanceSpec("x", "tiny", "v9", 8080, Map.of(), List.of())))
                .isInstanceOf(dev.nonstop.agent.contract.ArtifactNotFoundException.class)
                .hasMessage("tiny v9 is not installed (expected: install it first)");
    }
}
