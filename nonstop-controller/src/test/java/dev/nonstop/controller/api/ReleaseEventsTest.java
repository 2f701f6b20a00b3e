package dev.nonstop.controller.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.controller.release.state.InstanceStep;
import dev.nonstop.controller.release.state.InstanceTransition;
import dev.nonstop.controller.release.state.ReleaseState;
import dev.nonstop.controller.runner.TrafficListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReleaseEventsTest {
    private final ReleaseEvents events = new ReleaseEvents();

    private void move(String release, InstanceStep from, InstanceStep to) {
        events.onTransition(new InstanceTransition(release, "shop-1", from, to, Instant.EPOCH, ""));
    }

    @Test
    void theLiveTrafficIsTheLastStepAndTheLastGatesUsers() {
        assertThat(events.liveTraffic("r1"))
                .isEqualTo(new ReleaseEvents.LiveTraffic(Optional.empty(), Optional.empty()));
        dev.nonstop.controller.runner.GateResult gate = new dev.nonstop.controller.runner.GateResult(
                true, "met", 10, 0, Duration.ZERO, 30, 0, Duration.ZERO, 5, 15);
        ReleaseEvent.Traffic passed =
                new ReleaseEvent.Traffic("r1", TrafficListener.Kind.GATE_PASSED, 1, 25, "passed", gate, Instant.EPOCH);
        ReleaseEvent.Traffic next = new ReleaseEvent.Traffic(
                "r1",
                TrafficListener.Kind.STEP_STARTED,
                2,
                50,
                "green 50%",
                (dev.nonstop.controller.runner.GateResult) null,
                Instant.EPOCH.plusSeconds(1));
        events.publish(passed);
        move("r1", InstanceStep.RUNNING_OLD, InstanceStep.DRAINING);
        events.publish(next);

        assertThat(events.liveTraffic("r1"))
                .isEqualTo(new ReleaseEvents.LiveTraffic(Optional.of(next), Optional.of(passed)));
        assertThat(events.liveTraffic("r2").step()).isEmpty();
        com.fasterxml.jackson.databind.node.ObjectNode json =
                ApiJson.liveTraffic(events.liveTraffic("r1")).orElseThrow();
        assertThat(json.toString())
                .isEqualTo("{\"kind\":\"STEP_STARTED\",\"step\":2,\"percent\":50,\"at\":\"1970-01-01T00:00:01Z\","
                        + "\"users\":{\"green\":5,\"blue\":15,\"greenPercent\":25.0,\"step\":1,"
                        + "\"at\":\"1970-01-01T00:00:00Z\"}}");
    }

    @Test
    void subscribersGetTheirReleasesEventsInOrderNumberedFromOne() {
        List<Long> seen = new ArrayList<>();
        try (ReleaseEvents.Subscription s = events.subscribe("r1", 0, e -> seen.add(e.sequence()))) {
            move("r1", InstanceStep.RUNNING_OLD, InstanceStep.DRAINING);
            move("r2", InstanceStep.RUNNING_OLD, InstanceStep.DRAINING);
            events.stateChanged("r1", ReleaseState.RUNNING, ReleaseState.PAUSED, Instant.EPOCH, null);
            assertThat(s.complete()).isTrue();
        }
        move("r1", InstanceStep.DRAINING, InstanceStep.DRAINED);

        assertThat(seen).containsExactly(1L, 2L);
    }

    @Test
    void aSubscriberResumesAfterTheLastNumberItSaw() {
        move("r1", InstanceStep.RUNNING_OLD, InstanceStep.DRAINING);
        move("r1", InstanceStep.DRAINING, InstanceStep.DRAINED);
        move("r1", InstanceStep.DRAINED, InstanceStep.STOPPED);
        List<Long> seen = new ArrayList<>();

        try (ReleaseEvents.Subscription s = events.subscribe("r1", 1, e -> seen.add(e.sequence()))) {
            assertThat(s.complete()).isTrue();
        }
        assertThat(seen).containsExactly(2L, 3L);
    }

    @Test
    void subscribingToNewSkipsTheHistory() {
        move("r1", InstanceStep.RUNNING_OLD, InstanceStep.DRAINING);
        List<Long> seen = new ArrayList<>();

        try (ReleaseEvents.Subscription s = events.subscribeToNew("r1", e -> seen.add(e.sequence()))) {
            move("r1", InstanceStep.DRAINING, InstanceStep.DRAINED);
        }
        assertThat(seen).containsExactly(2L);
    }

    @Test
    void aNumberThisBusNeverGaveIsIncomplete() {
        move("r1", InstanceStep.RUNNING_OLD, InstanceStep.DRAINING);

        try (ReleaseEvents.Subscription s = events.subscribe("r1", 7, e -> {})) {
            assertThat(s.complete()).isFalse();
        }
    }

    @Test
    void aFailingListenerDoesNotStopThePublisherNorTheOthers() {
        List<Long> seen = new ArrayList<>();
        events.subscribe("r1", 0, e -> {
            throw new IllegalStateException("boom");
        });
        events.subscribe("r1", 0, e -> seen.add(e.sequence()));

        move("r1", InstanceStep.RUNNING_OLD, InstanceStep.DRAINING);

        assertThat(seen).containsExactly(1L);
        assertThat(events.listenerCount("r1")).isEqualTo(2);
    }
}
