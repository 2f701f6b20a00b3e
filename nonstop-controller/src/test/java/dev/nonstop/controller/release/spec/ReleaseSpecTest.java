package dev.nonstop.controller.release.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.common.problem.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReleaseSpecTest {

    @TempDir
    static Path dir;

    private static Path artifact;

    @BeforeEach
    void writeArtifact() throws IOException {
        artifact = dir.resolve("shop-2.0.0.jar");
        Files.writeString(artifact, "jar");
    }

    private static ReleaseSpec.Builder valid() {
        return ReleaseSpec.builder("shop", "2.0.0", artifact);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        ReleaseSpec spec = valid().build();

        assertThat(spec.batchSize()).isEqualTo(1);
        assertThat(spec.surge()).isZero();
        assertThat(spec.drain()).isEqualTo(new DrainSpec(Duration.ofSeconds(60), DrainPolicy.FAIL, DrainMode.AUTO));
        assertThat(spec.health().readinessPath()).isEqualTo("/ready");
        assertThat(spec.smokeChecks())
                .as("the default smoke check: the readiness path answering 2xx, not a sample-app convention")
                .containsExactly(new SmokeCheck("GET", "/ready", SmokeCheck.SUCCESS));
        assertThat(spec.warmUp().weightSteps()).containsExactly(10, 25, 50, 100);
        assertThat(spec.stopTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.artifactSha256()).isEmpty();
    }

    static Stream<Arguments> oneBadField() {
        return Stream.of(
                bad(
                        "app",
                        b -> ReleaseSpec.builder("my shop", "2.0.0", artifact),
                        "app: my shop (expected: letters, digits"),
                bad("app", b -> ReleaseSpec.builder(null, "2.0.0", artifact), "app: null (expected: letters, digits"),
                bad(
                        "version",
                        b -> ReleaseSpec.builder("shop", "", artifact),
                        "version: \"\" (expected: letters, digits"),
                bad(
                        "version",
                        b -> ReleaseSpec.builder("shop", "v".repeat(65), artifact),
                        "version: " + "v".repeat(65) + " (expected: at most 64 characters"),
                bad(
                        "artifact",
                        b -> ReleaseSpec.builder("shop", "2.0.0", dir.resolve("missing.jar")),
                        "artifact: " + dir.resolve("missing.jar") + " (expected: an existing file)"),
                bad(
                        "artifact",
                        b -> ReleaseSpec.builder("shop", "2.0.0", dir),
                        "artifact: " + dir + " (expected: a regular file)"),
                bad("artifact", b -> ReleaseSpec.builder("shop", "2.0.0", null), "artifact: null (expected: the path"),
                bad(
                        "artifactSha256",
                        b -> b.artifactSha256("abc"),
                        "artifactSha256: abc (expected: 64 hexadecimal digits)"),
                bad("batchSize", b -> b.batchSize(0), "batchSize: 0 (expected: >= 1)"),
                bad("surge", b -> b.surge(-1), "surge: -1 (expected: >= 0)"),
                bad("drain", b -> b.drain(null), "drain: null (expected: a drain spec)"),
                bad(
                        "drain.deadline",
                        b -> b.drain(Duration.ZERO, DrainPolicy.FAIL),
                        "drain.deadline: PT0S (expected: > 0)"),
                bad(
                        "drain.policy",
                        b -> b.drain(Duration.ofSeconds(1), null),
                        "drain.policy: null (expected: FAIL or FORCE)"),
                bad(
                        "health.readinessPath",
                        b -> b.health(new HealthSpec("ready", Duration.ofSeconds(5), Duration.ofSeconds(1))),
                        "health.readinessPath: ready (expected: a path starting with /"),
                bad(
                        "health.timeout",
                        b -> b.health(new HealthSpec("/ready", Duration.ofSeconds(-1), Duration.ofSeconds(1))),
                        "health.timeout: PT-1S (expected: > 0)"),
                bad(
                        "health.interval",
                        b -> b.health(new HealthSpec("/ready", Duration.ofSeconds(5), null)),
                        "health.interval: null (expected: > 0)"),
                bad(
                        "health.interval",
                        b -> b.health(new HealthSpec("/ready", Duration.ofSeconds(5), Duration.ofSeconds(6))),
                        "health.interval: PT6S (expected: <= health.timeout (PT5S))"),
                bad(
                        "smokeChecks[0].method",
                        b -> b.smokeChecks(List.of(new SmokeCheck("get", "/version", Set.of(200)))),
                        "smokeChecks[0].method: get (expected: an HTTP method in capitals)"),
                bad(
                        "smokeChecks[1].path",
                        b -> b.smokeChecks(List.of(SmokeCheck.get("/version", 200), SmokeCheck.get("version", 200))),
                        "smokeChecks[1].path: version (expected: a path starting with /"),
                bad(
                        "smokeChecks[0].expectedStatuses",
                        b -> b.smokeChecks(List.of(new SmokeCheck("GET", "/", Set.of()))),
                        "smokeChecks[0].expectedStatuses: [] (expected: at least one status)"),
                bad(
                        "smokeChecks[0].expectedStatuses",
                        b -> b.smokeChecks(List.of(SmokeCheck.get("/", 200, 700))),
                        "smokeChecks[0].expectedStatuses: 700 (expected: 100 to 599)"),
                bad("warmUp", b -> b.warmUp(null), "warmUp: null (expected: a warm-up spec)"),
                bad(
                        "warmUp.weightSteps",
                        b -> b.warmUp(new WarmUpSpec(List.of(), Duration.ZERO, 0.01)),
                        "warmUp.weightSteps: [] (expected: at least one step, the last 100)"),
                bad(
                        "warmUp.weightSteps[1]",
                        b -> b.warmUp(new WarmUpSpec(List.of(50, 20, 100), Duration.ZERO, 0.01)),
                        "warmUp.weightSteps[1]: 20 (expected: > 50 (steps increase))"),
                bad(
                        "warmUp.weightSteps[0]",
                        b -> b.warmUp(new WarmUpSpec(List.of(0, 100), Duration.ZERO, 0.01)),
                        "warmUp.weightSteps[0]: 0 (expected: 1 to 100 percent)"),
                bad(
                        "warmUp.weightSteps",
                        b -> b.warmUp(new WarmUpSpec(List.of(10, 50), Duration.ZERO, 0.01)),
                        "warmUp.weightSteps: [10, 50] (expected: the last step 100)"),
                bad(
                        "warmUp.stepInterval",
                        b -> b.warmUp(new WarmUpSpec(List.of(100), Duration.ofSeconds(-2), 0.01)),
                        "warmUp.stepInterval: PT-2S (expected: >= 0)"),
                bad(
                        "warmUp.errorRateThreshold",
                        b -> b.warmUp(new WarmUpSpec(List.of(100), Duration.ZERO, 1.5)),
                        "warmUp.errorRateThreshold: 1.5 (expected: 0.0 to 1.0)"),
                bad(
                        "warmUp.errorRateThreshold",
                        b -> b.warmUp(new WarmUpSpec(List.of(100), Duration.ZERO, Double.NaN)),
                        "warmUp.errorRateThreshold: NaN (expected: 0.0 to 1.0)"),
                bad("stopTimeout", b -> b.stopTimeout(Duration.ZERO), "stopTimeout: PT0S (expected: > 0)"));
    }

    private static Arguments bad(String field, UnaryOperator<ReleaseSpec.Builder> change, String message) {
        return Arguments.of(field, change, message);
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("oneBadField")
    void eachBadFieldIsReportedByNameWithWhatWasExpected(
            String field, UnaryOperator<ReleaseSpec.Builder> change, String message) {
        assertThatThrownBy(() -> change.apply(valid()).build())
                .isInstanceOfSatisfying(InvalidReleaseSpecException.class, e -> {
                    assertThat(e.problems()).hasSize(1);
                    assertThat(e.problems().get(0).path()).isEqualTo(field);
                    assertThat(e.problems().get(0).toString()).startsWith(message);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ReleaseSpec.Builder builder = ReleaseSpec.builder("my shop", "", dir.resolve("missing.jar"))
                .batchSize(0)
                .surge(-1)
                .drain(Duration.ofSeconds(-1), DrainPolicy.FORCE)
                .stopTimeout(null);

        assertThatThrownBy(builder::build)
                .isInstanceOfSatisfying(InvalidReleaseSpecException.class, e -> assertThat(e.problems())
                        .extracting(Problem::path)
                        .containsExactly(
                                "app", "version", "artifact", "batchSize", "surge", "drain.deadline", "stopTimeout"))
                .hasMessageContaining("batchSize: 0 (expected: >= 1)")
                .hasMessageContaining("surge: -1 (expected: >= 0)");
    }

    @Test
    void theConstructorValidatesValuesButNotTheFileSystem() {
        ReleaseSpec spec = new ReleaseSpec(
                "shop",
                "2.0.0",
                dir.resolve("gone.jar"),
                java.util.Optional.empty(),
                2,
                1,
                DrainSpec.DEFAULT,
                HealthSpec.DEFAULT,
                List.of(),
                WarmUpSpec.DEFAULT,
                Duration.ofSeconds(5));
        assertThat(spec.artifact()).doesNotExist();

        assertThatThrownBy(() -> spec.toBuilder().build())
                .isInstanceOf(InvalidReleaseSpecException.class)
                .hasMessageContaining("artifact:");
        assertThatThrownBy(() -> new ReleaseSpec(
                        "shop",
                        "2.0.0",
                        dir.resolve("gone.jar"),
                        java.util.Optional.empty(),
                        0,
                        1,
                        DrainSpec.DEFAULT,
                        HealthSpec.DEFAULT,
                        List.of(),
                        WarmUpSpec.DEFAULT,
                        Duration.ofSeconds(5)))
                .isInstanceOf(InvalidReleaseSpecException.class)
                .hasMessageContaining("batchSize: 0 (expected: >= 1)");
    }

    @Test
    void toBuilderDerivesAChangedSpec() {
        ReleaseSpec spec = valid().batchSize(2).surge(1).build();
        ReleaseSpec changed = spec.toBuilder().batchSize(3).build();

        assertThat(changed)
                .isEqualTo(new ReleaseSpec(
                        spec.app(),
                        spec.version(),
                        spec.artifact(),
                        spec.artifactSha256(),
                        3,
                        1,
                        spec.drain(),
                        spec.health(),
                        spec.smokeChecks(),
                        spec.warmUp(),
                        spec.stopTimeout()));
    }

    @Test
    void jsonRoundTripsEveryField() {
        ReleaseSpec spec = valid().artifactSha256("ab".repeat(32))
                .batchSize(2)
                .surge(1)
                .drain(Duration.ofMillis(1500), DrainPolicy.FORCE)
                .health(new HealthSpec("/health/ready", Duration.ofSeconds(30), Duration.ofMillis(250)))
                .smokeChecks(List.of(SmokeCheck.get("/version", 200), new SmokeCheck("HEAD", "/", Set.of(200, 204))))
                .warmUp(new WarmUpSpec(List.of(5, 50, 100), Duration.ofSeconds(3), 0.05))
                .stopTimeout(Duration.ofSeconds(12))
                .build();

        String json = ReleaseSpecJson.toJson(spec);

        assertThat(ReleaseSpecJson.fromJson(json)).isEqualTo(spec);
        assertThat(json).contains("\"deadline\":\"PT1.5S\"");
    }

    @Test
    void malformedJsonIsAnInvalidSpecNamingTheProblem() {
        assertThatThrownBy(() -> ReleaseSpecJson.fromJson("{\"app\":"))
                .isInstanceOfSatisfying(
                        InvalidReleaseSpecException.class,
                        e -> assertThat(e.problems().get(0).path()).isEqualTo("spec"));
        assertThatThrownBy(() -> ReleaseSpecJson.fromJson(
                        ReleaseSpecJson.toJson(valid().build()).replace("\"batchSize\":1", "\"batchSize\":0")))
                .isInstanceOf(InvalidReleaseSpecException.class)
                .hasMessageContaining("batchSize: 0 (expected: >= 1)");
    }
}
