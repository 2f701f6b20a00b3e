package dev.nonstop.controller.runner;

import static dev.nonstop.controller.runner.ReleaseFixture.APP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.controller.release.plan.InstanceRef;
import dev.nonstop.controller.release.plan.RollingPlan;
import dev.nonstop.controller.release.spec.Approval;
import dev.nonstop.controller.release.spec.DrainPolicy;
import dev.nonstop.controller.release.spec.GateSpec;
import dev.nonstop.controller.release.spec.GraySpec;
import dev.nonstop.controller.release.spec.HealthSpec;
import dev.nonstop.controller.release.spec.PrometheusCheck;
import dev.nonstop.controller.release.spec.ReleaseSpec;
import dev.nonstop.controller.release.spec.ReleaseStrategy;
import dev.nonstop.controller.release.spec.SmokeCheck;
import dev.nonstop.controller.release.spec.UserKey;
import dev.nonstop.controller.release.state.InstanceStep;
import dev.nonstop.controller.release.state.ReleaseState;
import dev.nonstop.controller.store.Release;
import dev.nonstop.controller.store.ReleaseFence;
import dev.nonstop.controller.store.StepStatus;
import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.Group;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A canary gated by a Prometheus query, with the harness of {@link GrayReleaseIntegrationTest} (real gateway, agent
 * and sample app processes). There is no Prometheus on the test machines: {@link FakePrometheus}, a JDK HTTP server on
 * 127.0.0.1, answers the query API with the value the test sets.
 */
class GrayPrometheusGateIntegrationTest {
    private static final int GREEN = 2;
    private static final String QUERY = "max(rate(http_errors_total{app=\"${app}\",version=\"${version}\"}[1m]))";

    @TempDir
    Path dir;

    private ReleaseFixture cluster;
    private FakePrometheus prometheus;
    private final List<Event> traffic = new CopyOnWriteArrayList<>();

    private record Event(TrafficListener.Kind kind, int step, String detail, GateResult gate) {}

    @BeforeEach
    void start() throws Exception {
        prometheus = new FakePrometheus();
        cluster = new ReleaseFixture(dir);
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
    }

    private ReleaseState canary(double max) throws Exception {
        GraySpec gray = new GraySpec(
                ReleaseStrategy.CANARY,
                List.of(50, 100),
                Duration.ofMillis(600),
                new GateSpec(
                        OptionalDouble.of(0.01),
                        Optional.empty(),
                        0,
                        false,
                        Optional.of(new PrometheusCheck(prometheus.url(), QUERY, max))),
                List.of(),
                UserKey.DEFAULT,
                Approval.NONE,
                Optional.of(GREEN),
                GraySpec.DEFAULT_ROLLBACK_WINDOW,
                Optional.empty(),
                0);
        ReleaseSpec spec = ReleaseSpec.builder(APP, "v2", ReleaseFixture.jar("v2"))
                .drain(Duration.ofSeconds(20), DrainPolicy.FAIL)
                .health(new HealthSpec("/ready", Duration.ofSeconds(20), Duration.ofMillis(50)))
                .smokeChecks(List.of(SmokeCheck.get("/ready", 200)))
                .stopTimeout(Duration.ofSeconds(10))
                .gray(gray)
                .build();
        release = cluster.store.createRelease(spec, "v1");
        ReleaseFence fence = cluster.store.claimRelease(release.id(), "controller-1", 1);
        return cluster.runner(cluster.store, fence, RollingPlan.gray(cluster.instances, GREEN))
                .trafficListener(
                        (id, kind, step, percent, detail, gate) -> traffic.add(new Event(kind, step, detail, gate)))
                .build()
                .run();
    }

    private Release release;

    private static final String RESOLVED = "max(rate(http_errors_total{app=\"" + APP + "\",version=\"v2\"}[1m]))";

    @Test
    void aQueryAtOrBelowItsMaxPassesEveryGate() throws Exception {
        prometheus.answer(200, FakePrometheus.vector(0.002, 0.01));
        Instant started = Instant.now();

        ReleaseState end = canary(0.01);

        assertThat(end).isEqualTo(ReleaseState.SUCCEEDED);
        List<Event> passed = traffic.stream()
                .filter(e -> e.kind() == TrafficListener.Kind.GATE_PASSED)
                .toList();
        assertThat(passed).hasSize(2);
        for (Event e : passed) {
            assertThat(e.gate().prometheus()).isEqualTo("prometheus " + RESOLVED + " = 0.01");
            assertThat(e.detail()).contains("prometheus " + RESOLVED + " = 0.01");
        }
        // one query per gate, at the step's end, placeholders filled in
        assertThat(prometheus.requests).hasSize(2).allSatisfy(r -> {
            assertThat(r).containsEntry("query", RESOLVED);
            double time = Double.parseDouble(r.get("time"));
            assertThat(time)
                    .isBetween(started.getEpochSecond() - 1.0, Instant.now().getEpochSecond() + 1.0);
        });
        App app = cluster.adminClient().table().app(APP).orElseThrow();
        assertThat(app.groups()).extracting(Group::name).containsExactly("green");
    }

    @Test
    void aQueryOverItsMaxFailsTheGateAndRollsBack() throws Exception {
        prometheus.answer(200, FakePrometheus.vector(0.002, 0.25));

        ReleaseState end = canary(0.05);

        assertThat(end).isEqualTo(ReleaseState.ROLLED_BACK);
        Event failed = traffic.stream()
                .filter(e -> e.kind() == TrafficListener.Kind.GATE_FAILED)
                .findFirst()
                .orElseThrow();
        assertThat(failed.step()).isEqualTo(1);
        assertThat(failed.gate().passed()).isFalse();
        assertThat(failed.gate().reason()).isEqualTo("prometheus " + RESOLVED + " = 0.25 > max 0.05");
        assertThat(failed.detail()).contains("failed: prometheus " + RESOLVED + " = 0.25 > max 0.05");
        assertThat(traffic).noneMatch(e -> e.kind() == TrafficListener.Kind.GATE_PASSED);
        assertThat(cluster.store.steps(release.id()))
                .anyMatch(s -> s.instanceId().equals("traffic@1")
                        && s.step() == InstanceStep.GATED
                        && s.status() == StepStatus.FAILED
                        && s.detail().contains("> max 0.05"));
        App app = cluster.adminClient().table().app(APP).orElseThrow();
        assertThat(app.routing()).isNull();
        assertThat(app.groups()).extracting(Group::name).containsExactly("blue");
        for (InstanceRef ref : cluster.instances) {
            assertThat(cluster.versionOf(ref)).as(ref.id()).isEqualTo("v1");
        }
        assertThat(Map.copyOf(prometheus.requests.get(0))).containsEntry("query", RESOLVED);
    }
}
