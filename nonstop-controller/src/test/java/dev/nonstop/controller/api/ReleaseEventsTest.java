package dev.nonstop.controller.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.controller.release.state.InstanceStep;
import dev.nonstop.controller.release.state.InstanceTransition;
import dev.nonstop.controller.release.state.ReleaseState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReleaseEventsTest {
    private final ReleaseEvents events = new ReleaseEvents();

    private void move(String release, InstanceStep from, InstanceStep to) {
        events.onTransition(new InstanceTransition(release, "shop-1", from, to, Instant.EPOCH, ""));
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
