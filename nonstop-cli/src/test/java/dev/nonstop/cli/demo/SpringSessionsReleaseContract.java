package dev.nonstop.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nonstop.cli.up.Platform;
import dev.nonstop.cli.up.PlatformConfig;
import dev.nonstop.cli.up.SessionStoreConfig;
import dev.nonstop.controller.release.spec.DrainPolicy;
import dev.nonstop.controller.release.spec.HealthSpec;
import dev.nonstop.controller.release.spec.ReleaseSpec;
import dev.nonstop.controller.release.spec.SmokeCheck;
import dev.nonstop.controller.release.spec.WarmUpSpec;
import dev.nonstop.controller.release.state.InstanceStep;
import dev.nonstop.controller.release.state.ReleaseCommand;
import dev.nonstop.controller.release.state.ReleaseState;
import dev.nonstop.controller.store.Release;
import dev.nonstop.testing.load.LoadGenerator;
import dev.nonstop.testing.load.LoadRun;
import dev.nonstop.testing.load.Report;
import dev.nonstop.testing.load.RequestSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spring Boot sample with the Nonstop starter, its sessions in one store (each subclass names it): users who
 * logged in through the login form stay logged in, and no request fails, through a rollback (instances back from v2
 * to v1: sessions v2 wrote are read by v1) and then a release v1 -> v2 (sessions v1 wrote read by v2). Two
 * instances, a few users and light load: a Spring Boot start takes seconds on a small machine. The rollback is of a
 * release paused while its first instance serves v2, so that it costs one start, not two.
 */
@Timeout(300)
abstract class SpringSessionsReleaseContract {
    private static final String APP = "notes";
    private static final int INSTANCES = 2;
    private static final int USERS = 4;

    @TempDir
    Path dir;

    /** Where the sessions live: checked reachable (with a clear message) before anything starts. */
    abstract SessionStoreConfig sessions() throws Exception;

    /**
     * How many sessions the store holds, read in the store itself: the users' sessions are there, not in the
     * instances' memory.
     *
     * @param dataDir the platform's data directory
     * @param progress what the platform printed when it started
     */
    abstract long storedSessions(Path dataDir, String progress) throws Exception;

    @Test
    void noLoggedInUserIsLoggedOutThroughARollbackAndARelease() throws Exception {
        Path v1 = springSampleJar("v1");
        Path v2 = springSampleJar("v2");
        PlatformConfig config = new PlatformConfig(
                dir.resolve(".nonstop"),
                InetSocketAddress.createUnresolved("127.0.0.1", 0),
                InetSocketAddress.createUnresolved("127.0.0.1", 0),
                InetSocketAddress.createUnresolved("127.0.0.1", 0),
                "h2",
                "",
                "",
                List.of(new PlatformConfig.AppConfig(
                        APP,
                        "v1",
                        v1,
                        INSTANCES,
                        freePorts(INSTANCES),
                        "/actuator/health/readiness",
                        // Quicker starts on a small machine (the JVM reads this variable itself): C1 only, one GC
                        // thread.
                        Map.of("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"))),
                sessions());
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        try (Platform platform = Platform.start(config, new PrintStream(progress, true, StandardCharsets.UTF_8))) {
            URI gateway =
                    URI.create("http://127.0.0.1:" + platform.gatewayAddress().getPort());
            try (LoggedInUsers users = new LoggedInUsers(gateway, USERS, UserLogin.SPRING_FORM);
                    LoadRun load = load(gateway)) {
                users.start();

                // A release to v2, paused while its first instance serves v2 beside a v1 one, then rolled back.
                Release rolledBack = platform.releases().start(spec(v2));
                await("the first instance warming up on v2")
                        .atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> platform.store().steps(rolledBack.id()).stream()
                                .anyMatch(s -> s.step() == InstanceStep.WARMING));
                platform.releases().apply(rolledBack.id(), ReleaseCommand.PAUSE);
                await("checks answered by v2")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> users.servedBy().getOrDefault("v2", 0L) > USERS);
                platform.releases().apply(rolledBack.id(), ReleaseCommand.ROLLBACK);
                assertThat(settled(platform, rolledBack.id()).state())
                        .as(progress.toString(StandardCharsets.UTF_8))
                        .isEqualTo(ReleaseState.ROLLED_BACK);
                assertThat(versionsServed(gateway)).containsOnly("v1");
                long v1ChecksBefore = users.servedBy().getOrDefault("v1", 0L);
                await("checks answered by v1 after the rollback")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> users.servedBy().getOrDefault("v1", 0L) > v1ChecksBefore + USERS);

                // The release again, to the end.
                Release released = platform.releases().start(spec(v2));
                assertThat(settled(platform, released.id()).state())
                        .as(progress.toString(StandardCharsets.UTF_8))
                        .isEqualTo(ReleaseState.SUCCEEDED);
                assertThat(versionsServed(gateway)).containsOnly("v2");
                long v2ChecksBefore = users.servedBy().getOrDefault("v2", 0L);
                await("checks answered by v2 after the release")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> users.servedBy().getOrDefault("v2", 0L) > v2ChecksBefore + USERS);

                load.stop();
                Report report = load.awaitCompletion(Duration.ofSeconds(30));
                users.stop();
                assertThat(report.failed()).as(report.toString()).isZero();
                assertThat(report.succeeded()).isPositive();
                assertThat(users.loggedOut()).as("users logged out of " + USERS).isZero();
                assertThat(users.errors()).as("user checks that failed").isZero();
                assertThat(users.checks()).isPositive();
                assertThat(storedSessions(config.dataDir(), progress.toString(StandardCharsets.UTF_8)))
                        .as("sessions in the store")
                        .isGreaterThanOrEqualTo(USERS);
            }
        }
    }

    private static Release settled(Platform platform, String releaseId) {
        return await("release " + releaseId + " settled")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> platform.store().release(releaseId).orElseThrow(), r -> r.state()
                        .isSettled());
    }

    private static ReleaseSpec spec(Path v2) {
        return ReleaseSpec.builder(APP, "v2", v2)
                .batchSize(1)
                .drain(Duration.ofSeconds(30), DrainPolicy.FAIL)
                .health(new HealthSpec("/actuator/health/readiness", Duration.ofSeconds(90), Duration.ofMillis(100)))
                .smokeChecks(List.of(SmokeCheck.get("/version", 200)))
                // Steps long enough for the test to pause the release while the first instance warms up.
                .warmUp(new WarmUpSpec(List.of(50, 100), Duration.ofSeconds(2), 0.01))
                .stopTimeout(Duration.ofSeconds(20))
                .build();
    }

    private static LoadRun load(URI gateway) {
        return LoadGenerator.builder()
                .target("127.0.0.1", gateway.getPort())
                .connections(4)
                .keepAlive(true)
                .requestIdPrefix("sessions")
                .request(9, RequestSpec.get("/version"))
                .request(1, RequestSpec.get("/slow?ms=100"))
                .maxRequests(10_000_000)
                .maxDuration(Duration.ofMinutes(5))
                .readTimeout(Duration.ofSeconds(10))
                .build()
                .start();
    }

    /** The versions that answer {@code GET /version} through the gateway, asked a few times per instance. */
    private static Set<String> versionsServed(URI gateway) throws Exception {
        Set<String> versions = new HashSet<>();
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (int i = 0; i < INSTANCES * 5; i++) {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(gateway.resolve("/version")).build(),
                        HttpResponse.BodyHandlers.discarding());
                versions.add(response.headers().firstValue("X-App-Version").orElse("(none)"));
            }
        }
        return versions;
    }

    /** The sample's boot jar of {@code version}, which the build puts on the test class path (see the pom). */
    private static Path springSampleJar(String version) {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            String name = path.getFileName().toString();
            if (name.startsWith("nonstop-sample-spring-")
                    && name.endsWith(version + ".jar")
                    && Files.isRegularFile(path)) {
                return path;
            }
        }
        throw new AssertionError("the Spring sample's " + version + " jar is not on the test class path (build"
                + " nonstop-sample-spring first: ./mvnw -pl nonstop-cli -am verify)");
    }

    /**
     * The first of {@code n} consecutive free loopback ports (instance n listens on base + n - 1), below the
     * ephemeral range: a port there can be taken by any other process's outgoing connection or port-0 server in the
     * seconds a Spring Boot app takes to bind it, and the readiness probe would then find that other server.
     */
    private static int freePorts(int n) throws Exception {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = 20000 + (int) (Math.random() * 10000);
            boolean free = true;
            for (int p = base; p < base + n && free; p++) {
                try (ServerSocket socket = new ServerSocket(p, 1, java.net.InetAddress.getLoopbackAddress())) {
                    socket.setReuseAddress(true);
                } catch (java.io.IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new AssertionError("no " + n + " consecutive free ports found between 20000 and 30000");
    }
}
