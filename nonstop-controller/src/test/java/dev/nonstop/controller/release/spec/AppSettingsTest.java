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
                Optional.of(List.of(new SmokeCheck("GET", "/health", Set.of(200), Optional.of("UP")))),
                new DrainSpec(Duration.ofSeconds(30), DrainPolicy.FORCE, DrainMode.GATEWAY),
                List.of("-Xmx128m"),
                List.of("--spring.application.name=shop-${INSTANCE}"),
                Map.of("LOG_DIR", "/tmp/${INSTANCE}"));

        assertThat(AppSettingsJson.fromJson(AppSettingsJson.toJson(settings))).isEqualTo(settings);
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
                        Optional.of(List.of(SmokeCheck.get("/x", 700))),
                        DrainSpec.DEFAULT,
                        List.of("-jar"),
                        List.of("--a", "--b=${FOO}"),
                        Map.of("PORT", "1")))
                .isInstanceOfSatisfying(InvalidReleaseSpecException.class, e -> assertThat(e.problems())
                        .extracting(Problem::toString)
                        .containsExactlyInAnyOrder(
                                "readinessPath: ready (expected: a path starting with / and without spaces)",
                                "smokeChecks[0].expectedStatuses: 700 (expected: 100 to 599)",
                                "jvmArgs[0]: -jar (expected: a JVM option; the agent adds -jar)",
                                "args[1]: unknown variable ${FOO}; known: PORT, INSTANCE",
                                "env.PORT: 1 (expected: not set here: the agent sets PORT)"));
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
