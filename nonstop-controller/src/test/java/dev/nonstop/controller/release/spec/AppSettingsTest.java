package dev.nonstop.controller.release.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.common.problem.Problem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AppSettingsTest {

    @Test
    void storedSettingsReadBackEqual() {
        AppSettings settings = new AppSettings(
                "/actuator/health/readiness",
                Optional.of(Duration.ofMinutes(3)),
                Optional.of(List.of(new SmokeCheck("GET", "/health", Set.of(200), Optional.of("UP")))),
                new DrainSpec(Duration.ofSeconds(30), DrainPolicy.FORCE, DrainMode.GATEWAY),
                List.of("-Xmx128m"),
                List.of("--spring.application.name=shop-${INSTANCE}"),
                Map.of("LOG_DIR", "/tmp/${INSTANCE}"));

        assertThat(AppSettingsJson.fromJson(AppSettingsJson.toJson(settings))).isEqualTo(settings);
        assertThat(AppSettingsJson.toTree(settings).path("readinessTimeout").asText())
                .isEqualTo("PT3M");
        assertThat(AppSettingsJson.toTree(AppSettings.DEFAULT).has("readinessTimeout"))
                .as("absent while the app keeps the controller's default")
                .isFalse();
        assertThat(AppSettingsJson.fromJson(null)).isEqualTo(AppSettings.DEFAULT);
        assertThat(AppSettingsJson.fromJson(AppSettingsJson.toJson(AppSettings.DEFAULT)))
                .isEqualTo(AppSettings.DEFAULT);
    }

    @Test
    void theDefaultSmokeCheckIsTheReadinessPathAnsweringAny2xx() {
        AppSettings settings = AppSettings.DEFAULT.withReadinessPath("/actuator/health/readiness");

        assertThat(settings.effectiveSmokeChecks())
                .containsExactly(new SmokeCheck("GET", "/actuator/health/readiness", SmokeCheck.SUCCESS));
        assertThat(settings.effectiveSmokeChecks().get(0).toString()).isEqualTo("GET /actuator/health/readiness 2xx");
    }

    @Test
    void everyBadSettingIsNamed() {
        assertThatThrownBy(() -> new AppSettings(
                        "ready",
                        Optional.of(Duration.ofHours(2)),
                        Optional.of(List.of(SmokeCheck.get("/x", 700))),
                        DrainSpec.DEFAULT,
                        List.of("-jar"),
                        List.of("--a", "--b=${FOO}"),
                        Map.of("PORT", "1")))
                .isInstanceOfSatisfying(InvalidReleaseSpecException.class, e -> assertThat(e.problems())
                        .extracting(Problem::toString)
                        .containsExactlyInAnyOrder(
                                "readinessPath: ready (expected: a path starting with / and without spaces)",
                                "readinessTimeout: PT2H (expected: a duration from 1s to 1h (e.g. 120s, 5m))",
                                "smokeChecks[0].expectedStatuses: 700 (expected: 100 to 599)",
                                "jvmArgs[0]: -jar (expected: a JVM option; the agent adds -jar)",
                                "args[1]: unknown variable ${FOO}; known: PORT, INSTANCE",
                                "env.PORT: 1 (expected: not set here: the agent sets PORT)"));
    }

    @Test
    void aReadinessTimeoutIsFromOneSecondToOneHour() {
        assertThat(AppSettings.isReadinessTimeout(Duration.ofSeconds(1))).isTrue();
        assertThat(AppSettings.isReadinessTimeout(Duration.ofHours(1))).isTrue();
        assertThat(AppSettings.isReadinessTimeout(Duration.ofMillis(999))).isFalse();
        assertThat(AppSettings.isReadinessTimeout(Duration.ofHours(1).plusSeconds(1)))
                .isFalse();
        assertThat(AppSettings.isReadinessTimeout(Duration.ofSeconds(-5))).isFalse();
        assertThatThrownBy(() -> AppSettings.DEFAULT.withReadinessTimeout(Optional.of(Duration.ZERO)))
                .isInstanceOfSatisfying(
                        InvalidReleaseSpecException.class,
                        e -> assertThat(e.problems()).extracting(Problem::path).containsExactly("readinessTimeout"));
    }

    @Test
    void aReleaseStartsFromTheAppsReadinessTimeoutAndItsRollbackKeepsIt() {
        AppSettings slow = AppSettings.DEFAULT.withReadinessTimeout(Optional.of(Duration.ofSeconds(150)));

        HealthSpec health = ReleaseSpec.builder("shop", "v2", java.nio.file.Path.of("shop.jar"))
                .appSettings(slow)
                .health();
        assertThat(health.timeout()).isEqualTo(Duration.ofSeconds(150));
        assertThat(ReleaseSpec.builder("shop", "v2", java.nio.file.Path.of("shop.jar"))
                        .appSettings(AppSettings.DEFAULT)
                        .health()
                        .timeout())
                .as("an app that sets none: the controller's default")
                .isEqualTo(HealthSpec.DEFAULT.timeout());
    }

    @Test
    void smokeChecksAreWrittenAsTheyAreRead() {
        assertThat(SmokeCheck.parse("get /health 200 UP and running"))
                .hasValue(new SmokeCheck("GET", "/health", Set.of(200), Optional.of("UP and running")));
        assertThat(SmokeCheck.parse("GET /v 200|204")).hasValue(new SmokeCheck("GET", "/v", Set.of(200, 204)));
        assertThat(SmokeCheck.parse("GET /v 200|204").orElseThrow().toString()).isEqualTo("GET /v 200|204");
        assertThat(SmokeCheck.parse("GET /v 2xx").orElseThrow().expectedStatuses())
                .isEqualTo(SmokeCheck.SUCCESS);
        assertThat(SmokeCheck.parse("GET /v")).isEmpty();
        assertThat(SmokeCheck.parse("GET /v ok")).isEmpty();
    }
}
