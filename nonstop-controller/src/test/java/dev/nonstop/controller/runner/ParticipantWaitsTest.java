package dev.nonstop.controller.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.controller.client.AppStatus;
import dev.nonstop.controller.client.AppStatus.Participant;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ParticipantWaits}: each participant's wait from the polls, and what the busy ones hold. */
class ParticipantWaitsTest {

    private static AppStatus status(Participant... participants) {
        boolean idle = List.of(participants).stream().allMatch(Participant::idle);
        return new AppStatus(0, true, idle, "v1", List.of(participants));
    }

    private static Participant idle(String name) {
        return new Participant(name, true, 0, "");
    }

    private static Participant busy(String name, long inFlight, String detail) {
        return new Participant(name, false, inFlight, detail);
    }

    @Test
    void eachParticipantsWaitIsTheFirstPollAtWhichItWasIdleInTheAppsOrder() {
        ParticipantWaits waits = new ParticipantWaits();
        waits.observe(
                status(idle("http"), busy("rabbitmq", 2, "2 message(s) in hand"), busy("quartz", 1, "1 job")),
                Duration.ofMillis(12));
        waits.observe(status(idle("http"), idle("rabbitmq"), busy("quartz", 1, "1 job")), Duration.ofMillis(610));
        waits.observe(status(idle("http"), idle("rabbitmq"), idle("quartz")), Duration.ofMillis(840));

        assertThat(waits.waits()).isEqualTo("http 12 ms, rabbitmq 610 ms, quartz 840 ms");
        assertThat(waits.stuck()).isEmpty();
    }

    @Test
    void aParticipantSeenBusyAgainStartsOver() {
        ParticipantWaits waits = new ParticipantWaits();
        waits.observe(status(idle("kafka")), Duration.ofMillis(10));
        waits.observe(status(busy("kafka", 1, "rebalancing")), Duration.ofMillis(50));
        waits.observe(status(idle("kafka")), Duration.ofMillis(90));

        assertThat(waits.waits()).isEqualTo("kafka 90 ms");
    }

    @Test
    void theStuckOnesAreNamedWithWhatTheyHoldAsTheLastPollSawThem() {
        ParticipantWaits waits = new ParticipantWaits();
        waits.observe(status(busy("http", 1, "1 request(s)"), busy("rabbitmq", 3, "3 in hand")), Duration.ZERO);
        waits.observe(
                status(idle("http"), busy("rabbitmq", 2, "2 message(s) in hand on queue orders"), busy("grpc", 1, "")),
                Duration.ofMillis(100));

        assertThat(waits.stuck())
                .isEqualTo(
                        "not idle: rabbitmq (2 in flight: 2 message(s) in hand on queue orders), grpc (1 in flight)");
        assertThat(waits.waits()).isEqualTo("http 100 ms");
    }

    @Test
    void anAppWithoutParticipantsHasNeitherWaitsNorStuckOnes() {
        ParticipantWaits waits = new ParticipantWaits();
        waits.observe(new AppStatus(1, true, false, "v1"), Duration.ofMillis(5));

        assertThat(waits.waits()).isEmpty();
        assertThat(waits.stuck()).isEmpty();
    }

    @Test
    void deadlinesReadAsPeopleWriteThem() {
        assertThat(ParticipantWaits.human(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(ParticipantWaits.human(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }
}
