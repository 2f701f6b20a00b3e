package dev.nonstop.controller.release.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.common.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Prometheus query of a gray release's gate: its placeholders and its validation, field by field. */
class PrometheusCheckTest {

    private static List<String> problems(PrometheusCheck check) {
        GraySpec d = GraySpec.defaults(ReleaseStrategy.CANARY);
        GraySpec gray = new GraySpec(
                d.strategy(),
                d.steps(),
                d.stepDuration(),
                GateSpec.DEFAULT.withPrometheus(Optional.of(check)),
                d.entryRules(),
                d.userKey(),
                d.approval(),
                d.greenInstances(),
                d.rollbackWindow(),
                d.maxBlueTime(),
                d.trustedForwardedHops());
        List<Problem> problems = new ArrayList<>();
        new GrayValidator(problems).validate(gray);
        return problems.stream().map(Problem::path).toList();
    }

    @Test
    void placeholdersAreFilledInAndNothingElse() {
        PrometheusCheck c = new PrometheusCheck(
                "http://p:9090", "max(rate(x{app=\"${app}\",v=\"${version}\"}[1m])) - on() y{v=\"${blueVersion}\"}", 1);

        assertThat(c.resolve("shop", "2.0", "1.0"))
                .isEqualTo("max(rate(x{app=\"shop\",v=\"2.0\"}[1m])) - on() y{v=\"1.0\"}");
        assertThat(new PrometheusCheck("http://p", "up{job=\"${job}\"}", 1).resolve("a", "b", "c"))
                .isEqualTo("up{job=\"${job}\"}");
    }

    @Test
    void aGoodCheckHasNoProblem() {
        assertThat(problems(new PrometheusCheck("https://prom.example:9090/prefix", "up", 0)))
                .isEmpty();
        assertThat(problems(new PrometheusCheck("http://127.0.0.1:9090/", "up", -1.5)))
                .isEmpty();
    }

    @Test
    void everyFieldIsCheckedAndNamed() {
        assertThat(problems(new PrometheusCheck("prometheus:9090", "up", 1)))
                .containsExactly("analysis.prometheus.url");
        assertThat(problems(new PrometheusCheck("http://p:9090/?a=b", "up", 1)))
                .containsExactly("analysis.prometheus.url");
        assertThat(problems(new PrometheusCheck("http:///api", "up", 1))).containsExactly("analysis.prometheus.url");
        assertThat(problems(new PrometheusCheck("http://p :9090", "up", 1))).containsExactly("analysis.prometheus.url");
        assertThat(problems(new PrometheusCheck(null, null, Double.NaN)))
                .containsExactly("analysis.prometheus.url", "analysis.prometheus.query", "analysis.prometheus.max");
        assertThat(problems(new PrometheusCheck("http://p", "up", Double.POSITIVE_INFINITY)))
                .containsExactly("analysis.prometheus.max");
    }
}
