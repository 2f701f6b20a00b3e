package dev.nonstop.cli.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nonstop.cli.DemoApps;
import dev.nonstop.cli.NonstopCommand;
import dev.nonstop.controller.release.state.InstanceStep;
import dev.nonstop.controller.release.state.ReleaseState;
import dev.nonstop.controller.store.Instance;
import dev.nonstop.controller.store.Release;
import dev.nonstop.controller.store.StepRecord;
import dev.nonstop.controller.store.StepStatus;
import dev.nonstop.testing.load.LoadGenerator;
import dev.nonstop.testing.load.LoadRun;
import dev.nonstop.testing.load.Report;
import dev.nonstop.testing.load.RequestSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A Spring Boot web app as a new user brings it (nonstop-testing-plain-spring: spring-boot-starter-web and actuator,
 * no Nonstop starter, no {@code /nonstop/status}, no config edit) run by {@code nonstop up} as three instances and
 * released with {@code nonstop release start}. The app's settings come from its {@code nonstop.yaml} entry only: its
 * readiness path left to {@code auto} ({@code nonstop up} finds {@code /actuator/health/readiness}, which the agent's
 * environment turns on), launch arguments naming {@code ${INSTANCE}}. One platform for the class: a release that
 * never gets ready rolls back first, then v1 -> v2 under load.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(240)
class PlainSpringAppReleaseIntegrationTest {
    private static final String APP = "plain";
    private static final String READINESS = "/actuator/health/readiness";

    private final ByteArrayOutputStream started = new ByteArrayOutputStream();
    private Path dir;
    private Platform platform;
    private int basePort;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    @BeforeAll
    void startThreeInstancesOfV1(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        basePort = DemoApps.freePortRange(3);
        InetSocketAddress anyLoopbackPort = InetSocketAddress.createUnresolved("127.0.0.1", 0);
        PlatformConfig.AppConfig app = new PlatformConfig.AppConfig(
                APP,
                "v1",
                jar("v1"),
                3,
                basePort,
                PlatformConfig.AppConfig.FIND_READINESS,
                Map.of(),
                // Lean JVMs for 2 shared cores; nothing the app needs to start.
                List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m", "-Xss512k"),
                List.of("--plain.instance=${INSTANCE}"),
                Optional.empty(),
                dev.nonstop.controller.release.spec.DrainSpec.DEFAULT);
        platform = Platform.start(
                new PlatformConfig(
                        dir.resolve(".nonstop"),
                        anyLoopbackPort,
                        anyLoopbackPort,
                        anyLoopbackPort,
                        "h2",
                        "",
                        "",
                        List.of(app)),
                new PrintStream(started, true, StandardCharsets.UTF_8));
        assertThat(started.toString(StandardCharsets.UTF_8))
                .contains("plain  readiness path " + READINESS + " (found: " + READINESS + " ");
    }

    @AfterAll
    void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    /** The plain app's jar of {@code version}, as its module built it. */
    private static Path jar(String version) {
        Path built = Path.of(
                "..", "nonstop-testing-plain-spring", "target", "nonstop-testing-plain-spring-" + version + ".jar");
        assertThat(built)
                .as("the plain Spring Boot test app %s (built by the reactor before this module)", version)
                .isRegularFile();
        return built.toAbsolutePath().normalize();
    }

    @Test
    @Order(1)
    void aVersionThatNeverGetsReadyIsRolledBackOnTheAppsOwnReadinessPathAndV1ServesEverywhere() throws Exception {
        StringWriter out = new StringWriter();
        int exit = release(out, "v3", "--readiness-timeout", "12s");

        assertThat(exit).as(out.toString()).isEqualTo(1);
        Release release = onlyReleaseTo("v3");
        assertThat(release.state()).as(out.toString()).isEqualTo(ReleaseState.ROLLED_BACK);
        assertThat(release.spec().health().readinessPath())
                .as("the readiness path nonstop up found on v1 and stored, not /ready")
                .isEqualTo(READINESS);
        String first = APP + "-1";
        List<StepRecord> steps = platform.store().steps(release.id());
        assertThat(steps)
                .anySatisfy(s -> {
                    assertThat(s.instanceId()).isEqualTo(first);
                    assertThat(s.step()).isEqualTo(InstanceStep.HEALTHY);
                    assertThat(s.status()).isEqualTo(StepStatus.FAILED);
                    assertThat(s.detail()).contains(READINESS + " not ready within PT12S");
                })
                .anySatisfy(s -> {
                    assertThat(s.instanceId()).isEqualTo(first);
                    assertThat(s.step()).isEqualTo(InstanceStep.ROLLED_BACK);
                    assertThat(s.status()).isEqualTo(StepStatus.DONE);
                });
        for (int n = 1; n <= 3; n++) {
            assertThat(get(basePort + n - 1, "/version")).as("instance %d", n).isEqualTo("v1");
            assertThat(get(basePort + n - 1, READINESS)).as("instance %d", n).contains("UP");
        }
    }

    @Test
    @Order(2)
    void anUnmodifiedSpringBootAppIsReleasedUnderLoadWithZeroFailedRequestsVerifiedThroughTheGateways()
            throws Exception {
        for (int n = 1; n <= 3; n++) {
            assertThat(get(basePort + n - 1, "/")).isEqualTo("plain v1 on plain-" + n);
        }
        StringWriter out = new StringWriter();
        int exit;
        Report report;
        try (LoadRun load = LoadGenerator.builder()
                .target(platform.gatewayAddress())
                .connections(4)
                .request(1, RequestSpec.get("/"))
                .maxDuration(Duration.ofMinutes(3))
                .readTimeout(Duration.ofSeconds(10))
                .build()
                .start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> load.report().succeeded() >= 50);
            exit = release(out, "v2");
            load.stop();
            report = load.awaitCompletion(Duration.ofSeconds(30));
        }

        assertThat(exit).as(out.toString()).isZero();
        Release release = onlyReleaseTo("v2");
        assertThat(release.state()).isEqualTo(ReleaseState.SUCCEEDED);
        assertThat(report.failed()).as(report.toString()).isZero();
        assertThat(report.sent()).isPositive();
        assertThat(out.toString())
                .as("the release's events, as nonstop release start shows them")
                .contains("has no /nonstop/status (404): verifying the drain through the gateways only");
        assertThat(platform.store().steps(release.id()))
                .filteredOn(s -> s.step() == InstanceStep.DRAINING && s.status() == StepStatus.DONE)
                .hasSize(3)
                .allSatisfy(s -> assertThat(s.detail()).contains("verifying the drain through the gateways only"));
        for (int n = 1; n <= 3; n++) {
            assertThat(get(basePort + n - 1, "/"))
                    .as("Spring Boot bound SERVER_PORT, and ${INSTANCE} was expanded")
                    .isEqualTo("plain v2 on plain-" + n);
        }
        assertThat(platform.store().instances(APP))
                .extracting(Instance::version)
                .containsOnly("v2");
    }

    /** {@code nonstop release start plain --version V --artifact JAR --plain ...}: its exit code; output to {@code out}. */
    private int release(StringWriter out, String version, String... more) throws IOException {
        Path data = dir.resolve(".nonstop");
        List<String> args = new java.util.ArrayList<>(List.of(
                "release",
                "start",
                APP,
                "--version",
                version,
                "--artifact",
                jar(version).toString(),
                "--warm-up-steps",
                "50,100",
                "--warm-up-interval",
                "300ms",
                "--plain",
                "--controller",
                "http://127.0.0.1:" + platform.apiAddress().getPort(),
                "--token-file",
                data.resolve("controller.token").toString()));
        args.addAll(List.of(more));
        CommandLine cli = NonstopCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        assertThat(Files.isRegularFile(data.resolve("controller.token"))).isTrue();
        return cli.execute(args.toArray(String[]::new));
    }

    private Release onlyReleaseTo(String version) {
        List<Release> releases = platform.store().releases(APP).stream()
                .filter(r -> r.toVersion().equals(version))
                .toList();
        assertThat(releases).hasSize(1);
        return releases.get(0);
    }

    private String get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}
