package dev.nonstop.controller.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.agent.contract.AgentApi;
import dev.nonstop.agent.contract.InstallResult;
import dev.nonstop.agent.contract.InstalledArtifact;
import dev.nonstop.agent.contract.InstanceSpec;
import dev.nonstop.agent.contract.InstanceState;
import dev.nonstop.agent.contract.InstanceStatus;
import dev.nonstop.agent.contract.StopResult;
import dev.nonstop.controller.client.AppProbe;
import dev.nonstop.controller.client.AppStatus.Participant;
import dev.nonstop.controller.release.spec.DrainMode;
import dev.nonstop.controller.release.spec.DrainPolicy;
import dev.nonstop.controller.release.spec.DrainSpec;
import dev.nonstop.controller.release.spec.ReleaseSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DRAINED wait against an app answering its status over real HTTP (a JDK {@code HttpServer}) with drain
 * participants: the step's detail shows each participant's wait, and a participant that never gets idle fails the
 * drain at its deadline naming it and what it holds (or is in the forced stop's detail with policy {@code force}).
 */
class ParticipantDrainIntegrationTest {
    private static final String TOKEN = "app-token-0123456789";
    private static final Duration DEADLINE = Duration.ofSeconds(1);
    private static final Participant STUCK =
            new Participant("rabbitmq", false, 2, "2 message(s) in hand on queue orders");

    @TempDir
    Path dir;

    /** A process the agent reports running on the fake app's port; no gateway holds it. */
    private static final class RunningAgent implements AgentApi {
        private final int port;

        RunningAgent(int port) {
            this.port = port;
        }

        @Override
        public InstanceStatus status(String instanceId) {
            return new InstanceStatus(
                    instanceId,
                    "shop",
                    "v1",
                    port,
                    OptionalLong.of(ProcessHandle.current().pid()),
                    InstanceState.RUNNING,
                    OptionalInt.empty(),
                    Instant.now());
        }

        @Override
        public InstallResult install(String app, String version, Path artifact, String expectedSha256) {
            throw new UnsupportedOperationException("install");
        }

        @Override
        public Map<String, List<InstalledArtifact>> apps() {
            throw new UnsupportedOperationException("apps");
        }

        @Override
        public InstanceStatus start(InstanceSpec spec) {
            throw new UnsupportedOperationException("start");
        }

        @Override
        public StopResult stop(String instanceId, Duration timeout) {
            throw new UnsupportedOperationException("stop");
        }

        @Override
        public List<InstanceStatus> instances() {
            throw new UnsupportedOperationException("instances");
        }

        @Override
        public int freePort() {
            throw new UnsupportedOperationException("freePort");
        }
    }

    private String drain(DrainPolicy policy, IntFunction<List<Participant>> script) throws Exception {
        Path jar = Files.writeString(dir.resolve("shop-v2.jar"), "not run");
        ReleaseSpec spec = ReleaseSpec.builder("shop", "v2", jar)
                .drain(new DrainSpec(DEADLINE, policy, DrainMode.APP))
                .build();
        try (FakeParticipantsApp app = new FakeParticipantsApp(TOKEN, "v1", script)) {
            AgentApi agent = new RunningAgent(app.port());
            InstanceActions actions = new InstanceActions(
                    spec,
                    "v1",
                    List.of(),
                    host -> agent,
                    AppProbe.create(Duration.ofSeconds(2), TOKEN),
                    Waiter.create(Clock.systemUTC(), Duration.ofMillis(20)),
                    Map.of(),
                    Map.of(),
                    List.of(),
                    List.of(),
                    (instance, count) -> {});
            InstanceActions.Target target = new InstanceActions.Target("shop-1", "127.0.0.1", app.port(), "shop-1");
            String detail = actions.awaitDrained(target, false);
            assertThat(app.draining()).as("the app was told to drain").isTrue();
            return detail;
        }
    }

    private static Participant idle(String name) {
        return new Participant(name, true, 0, "");
    }

    @Test
    void theDrainedDetailShowsEachParticipantsWaitMeasuredFromThePolls() throws Exception {
        String detail = drain(
                DrainPolicy.FAIL,
                n -> List.of(
                        idle("http"),
                        n >= 3 ? idle("rabbitmq") : STUCK,
                        n >= 5 ? idle("quartz") : new Participant("quartz", false, 1, "1 job(s) running")));

        Matcher m = Pattern.compile(
                        "drained in (\\d+) ms: gateways 0 in flight, app idle \\(http (\\d+) ms, rabbitmq (\\d+) ms,"
                                + " quartz (\\d+) ms\\)")
                .matcher(detail);
        assertThat(m.matches()).as(detail).isTrue();
        long total = Long.parseLong(m.group(1));
        long http = Long.parseLong(m.group(2));
        long rabbitmq = Long.parseLong(m.group(3));
        long quartz = Long.parseLong(m.group(4));
        // Polls 20 ms apart, then 1.5 times longer each: the 3rd answer comes after >= 50 ms, the 5th after >= 162 ms.
        assertThat(rabbitmq).as(detail).isGreaterThan(http).isGreaterThanOrEqualTo(50);
        assertThat(quartz)
                .as(detail)
                .isGreaterThan(rabbitmq)
                .isGreaterThanOrEqualTo(162)
                .isLessThanOrEqualTo(total);
        assertThat(total).as(detail).isLessThan(DEADLINE.toMillis());
    }

    @Test
    void aParticipantThatNeverGetsIdleFailsTheDrainAtTheDeadlineNamingItAndWhatItHolds() {
        long started = System.nanoTime();

        assertThatThrownBy(() -> drain(DrainPolicy.FAIL, n -> List.of(idle("http"), STUCK, idle("quartz"))))
                .isInstanceOf(StepFailedException.class)
                .hasMessage("drain deadline 1s passed: not idle: rabbitmq (2 in flight: 2 message(s) in hand on queue"
                        + " orders)");

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).isGreaterThanOrEqualTo(DEADLINE).isLessThan(DEADLINE.multipliedBy(5));
    }

    @Test
    void withPolicyForceTheSameTextIsInTheForcedStop() throws Exception {
        String detail = drain(DrainPolicy.FORCE, n -> List.of(idle("http"), STUCK));

        assertThat(detail)
                .isEqualTo("FORCED: drain deadline 1s passed: not idle: rabbitmq (2 in flight: 2 message(s) in hand on"
                        + " queue orders)");
    }

    @Test
    void anAppListingNoParticipantsIsDrainedAsBefore() throws Exception {
        String detail = drain(DrainPolicy.FAIL, n -> List.of());

        assertThat(detail).matches("drained in \\d+ ms: gateways 0 in flight, app in flight 0, idle");
    }
}
