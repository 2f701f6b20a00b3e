package dev.nonstop.controller.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nonstop.common.problem.Problem;
import dev.nonstop.controller.release.spec.AppSettings;
import dev.nonstop.controller.release.spec.DrainMode;
import dev.nonstop.controller.release.spec.DrainPolicy;
import dev.nonstop.controller.release.spec.DrainSpec;
import dev.nonstop.controller.release.spec.HealthSpec;
import dev.nonstop.controller.release.spec.ReleaseSpec;
import dev.nonstop.controller.release.spec.ReleaseSpecJson;
import dev.nonstop.controller.release.spec.SmokeCheck;
import dev.nonstop.controller.release.spec.WarmUpSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseSpecMapperTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path jar;

    @BeforeEach
    void anArtifact() throws IOException {
        jar = Files.writeString(dir.resolve("shop-2.0.0.jar"), "jar");
    }

    private JsonNode json(String text) throws IOException {
        return JSON.readTree(text.replace('\'', '"').replace("JAR", jar.toString()));
    }

    private ReleaseSpec read(String text) throws IOException {
        return ReleaseSpecMapper.read(json(text), "shop"::equals);
    }

    private List<Problem> problems(String text) throws IOException {
        JsonNode body = json(text);
        try {
            ReleaseSpecMapper.read(body, "shop"::equals);
        } catch (ApiException e) {
            return e.problems();
        }
        throw new AssertionError("expected problems for " + text);
    }

    @Test
    void aMinimalSpecGetsTheBuilderDefaults() throws IOException {
        ReleaseSpec spec = read("{'app': 'shop', 'version': '2.0.0', 'artifact': 'JAR'}");

        assertThat(spec).isEqualTo(ReleaseSpec.builder("shop", "2.0.0", jar).build());
    }

    @Test
    void everyFieldIsRead() throws IOException {
        ReleaseSpec spec = read("{'app': 'shop', 'version': '2.0.0', 'artifact': 'JAR', 'artifactSha256': '"
                + "a".repeat(64) + "', 'batchSize': 2, 'surge': 1,"
                + " 'drain': {'deadline': '45s', 'policy': 'force'},"
                + " 'health': {'readinessPath': '/up', 'timeout': 'PT20S', 'interval': '500ms'},"
                + " 'smokeChecks': [{'path': '/version'}, {'method': 'HEAD', 'path': '/', 'expectedStatuses': [200, 204]}],"
                + " 'warmUp': {'weightSteps': [50, 100], 'stepInterval': '2m', 'errorRateThreshold': 0.05},"
                + " 'stopTimeout': '1h'}");

        assertThat(spec.artifactSha256()).contains("a".repeat(64));
        assertThat(spec.batchSize()).isEqualTo(2);
        assertThat(spec.surge()).isEqualTo(1);
        assertThat(spec.drain().deadline()).isEqualTo(Duration.ofSeconds(45));
        assertThat(spec.drain().policy()).isEqualTo(DrainPolicy.FORCE);
        assertThat(spec.health().readinessPath()).isEqualTo("/up");
        assertThat(spec.health().timeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(spec.health().interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(spec.smokeChecks())
                .containsExactly(SmokeCheck.get("/version", 200), new SmokeCheck("HEAD", "/", Set.of(200, 204)));
        assertThat(spec.warmUp()).isEqualTo(new WarmUpSpec(List.of(50, 100), Duration.ofMinutes(2), 0.05));
        assertThat(spec.stopTimeout()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void theStoredFormReadsBackAsTheSameSpec() throws IOException {
        ReleaseSpec spec = ReleaseSpec.builder("shop", "2.0.0", jar)
                .batchSize(3)
                .surge(1)
                .drain(Duration.ofSeconds(5), DrainPolicy.FORCE)
                .smokeChecks(List.of())
                .build();

        assertThat(ReleaseSpecMapper.read(JSON.readTree(ReleaseSpecJson.toJson(spec)), "shop"::equals))
                .isEqualTo(spec);
    }

    @Test
    void everyProblemIsReportedAtOnceNamingItsField() throws IOException {
        List<Problem> problems = problems("{'app': 'nope', 'version': '2.0.0', 'artifact': '/no/such.jar',"
                + " 'batchSize': 0, 'surge': 'one', 'drain': {'deadline': 'soon'}, 'batch': 2}");

        assertThat(problems)
                .extracting(Problem::toString)
                .containsExactlyInAnyOrder(
                        "batch: unknown field (expected: one of app, version, artifact, artifactSha256, batchSize,"
                                + " surge, drain, health, smokeChecks, warmUp, stopTimeout, strategy, steps, stepDuration,"
                                + " analysis, entry, percentKey, approval, greenInstances, rollbackWindow, maxBlueTime,"
                                + " trustedForwardedHops)",
                        "surge: \"one\" (expected: an integer)",
                        "drain.deadline: \"soon\" (expected: a duration like 500ms, 2s, 1m or PT2S)",
                        "app: nope (expected: a registered app)",
                        "artifact: /no/such.jar (expected: an existing file)",
                        "batchSize: 0 (expected: >= 1)");
        assertThat(problems).extracting(Problem::path).contains("batchSize", "artifact", "app", "surge");
    }

    @Test
    void missingAndWronglyTypedRequiredFieldsAreReportedOnce() throws IOException {
        assertThat(problems("{'app': 7, 'smokeChecks': [{'method': 'GET'}, 'x'], 'warmUp': {'weightSteps': 'all'}}"))
                .extracting(Problem::toString)
                .containsExactly(
                        "app: 7 (expected: a string)",
                        "version: missing (expected: a string)",
                        "artifact: missing (expected: a string)",
                        "smokeChecks[0].path: missing (expected: a string)",
                        "smokeChecks[1]: \"x\" (expected: " + SmokeCheck.FORMAT + ")",
                        "warmUp.weightSteps: \"all\" (expected: a list of percentages, increasing, the last 100)");
    }

    /**
     * An app whose settings a plain Spring Boot app needs: its own readiness path, 2 minutes to start, a 30 s
     * gateway-only drain.
     */
    private static final AppSettings SPRING_APP = new AppSettings(
            "/actuator/health/readiness",
            Optional.of(Duration.ofMinutes(2)),
            Optional.empty(),
            new DrainSpec(Duration.ofSeconds(30), DrainPolicy.FORCE, DrainMode.GATEWAY),
            List.of(),
            List.of(),
            Map.of());

    private ReleaseSpec readOver(String text, AppSettings settings) throws IOException {
        return ReleaseSpecMapper.readOver(
                json(text), name -> name.equals("shop") ? Optional.of(settings) : Optional.empty());
    }

    @Test
    void aReleaseTakesTheAppsReadinessPathSmokeCheckAndDrainWhenItGivesNone() throws IOException {
        ReleaseSpec spec = readOver("{'app': 'shop', 'version': '2.0.0', 'artifact': 'JAR'}", SPRING_APP);

        assertThat(spec.health().readinessPath()).isEqualTo("/actuator/health/readiness");
        assertThat(spec.health().timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(spec.smokeChecks())
                .as("the default smoke check follows the app's readiness path")
                .containsExactly(SmokeCheck.readiness("/actuator/health/readiness"));
        assertThat(spec.drain()).isEqualTo(SPRING_APP.drain());
    }

    @Test
    void aReleaseOverridesEachAppSettingOnItsOwn() throws IOException {
        ReleaseSpec spec = readOver(
                "{'app': 'shop', 'version': '2.0.0', 'artifact': 'JAR', 'health': {'readinessPath': '/health'},"
                        + " 'drain': {'mode': 'app'}, 'smokeChecks': ['GET /health 200 UP',"
                        + " {'path': '/v', 'expectedStatuses': [200, 204], 'bodyContains': 'v2'}]}",
                SPRING_APP);

        assertThat(spec.health().readinessPath()).isEqualTo("/health");
        assertThat(spec.health().timeout()).as("the app's readiness timeout").isEqualTo(Duration.ofMinutes(2));
        assertThat(spec.drain())
                .as("the deadline and policy stay the app's")
                .isEqualTo(new DrainSpec(Duration.ofSeconds(30), DrainPolicy.FORCE, DrainMode.APP));
        assertThat(spec.smokeChecks())
                .containsExactly(
                        new SmokeCheck("GET", "/health", Set.of(200), Optional.of("UP")),
                        new SmokeCheck("GET", "/v", Set.of(200, 204), Optional.of("v2")));
    }

    @Test
    void aReleasesReadinessTimeoutOverridesTheAppsAndTheControllerDefaultAppliesWhenNeitherSetsOne()
            throws IOException {
        String release = "{'app': 'shop', 'version': '2.0.0', 'artifact': 'JAR', 'health': {'timeout': '45s'}}";
        ReleaseSpec overridden = readOver(release, SPRING_APP);
        assertThat(overridden.health().timeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(overridden.health().readinessPath()).isEqualTo("/actuator/health/readiness");
        assertThat(ReleaseSpecJson.fromJson(ReleaseSpecJson.toJson(overridden))
                        .health()
                        .timeout())
                .as("the stored spec, which its rollback runs with, keeps the effective timeout")
                .isEqualTo(Duration.ofSeconds(45));

        assertThat(readOver("{'app': 'shop', 'version': '2.0.0', 'artifact': 'JAR'}", AppSettings.DEFAULT)
                        .health()
                        .timeout())
                .isEqualTo(HealthSpec.DEFAULT.timeout());
    }

    @Test
    void aSmokeCheckStatusOutsideTheHttpRangeOrAnUnknownDrainModeIsNamed() throws IOException {
        assertThat(problems("{'app': 'shop', 'version': '2.0.0', 'artifact': 'JAR', 'smokeChecks': ['GET /x 700'],"
                        + " 'drain': {'mode': 'sometimes'}}"))
                .extracting(Problem::toString)
                .containsExactlyInAnyOrder(
                        "drain.mode: \"sometimes\" (expected: gateway, app or auto)",
                        "smokeChecks[0].expectedStatuses: 700 (expected: 100 to 599)");
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefused() {
        assertThatThrownBy(() -> ReleaseSpecMapper.read(JSON.readTree("[1]"), "shop"::equals))
                .isInstanceOf(ApiException.class)
                .hasMessage("body: [1] (expected: a JSON object, a release spec)");
    }

    private Duration stopTimeout(String written) throws IOException {
        return read("{'app': 'shop', 'version': '2.0.0', 'artifact': 'JAR', 'stopTimeout': '" + written + "'}")
                .stopTimeout();
    }

    @Test
    void durationsAcceptTheOneGrammarShortIsoAndDays() throws IOException {
        assertThat(stopTimeout("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(stopTimeout("PT30S")).isEqualTo(Duration.ofSeconds(30));
        assertThat(stopTimeout("pt1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(stopTimeout("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(stopTimeout("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(stopTimeout("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(stopTimeout("P1D")).isEqualTo(Duration.ofDays(1));
        assertThat(problems("{'app': 'shop', 'version': '2.0.0', 'artifact': 'JAR', 'stopTimeout': '30'}"))
                .extracting(Problem::toString)
                .containsExactly("stopTimeout: \"30\" (expected: a duration like 500ms, 2s, 1m or PT2S)");
        assertThat(problems("{'app': 'shop', 'version': '2.0.0', 'artifact': 'JAR', 'stopTimeout': '-5s'}"))
                .extracting(Problem::toString)
                .containsExactly("stopTimeout: \"-5s\" (expected: a duration like 500ms, 2s, 1m or PT2S)");
    }
}
