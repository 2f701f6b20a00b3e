package dev.nonstop.sample.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.sample.lifecycle.InstanceLifecycle.Readiness;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class InstanceLifecycleTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {

        private Instant now = Instant.parse("2026-01-15T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private final ManualClock clock = new ManualClock();

    @Test
    void becomesReadyWhenTheStartupDelayHasPassed() {
        InstanceLifecycle state = new InstanceLifecycle(clock, Duration.ofMillis(300), false);
        assertThat(state.readiness()).isEqualTo(Readiness.STARTING);

        clock.advance(Duration.ofMillis(299));
        assertThat(state.readiness()).isEqualTo(Readiness.STARTING);

        clock.advance(Duration.ofMillis(1));
        assertThat(state.readiness()).isEqualTo(Readiness.READY);
    }

    @Test
    void drainingIsNotReadyUntilResumed() {
        InstanceLifecycle state = new InstanceLifecycle(clock, Duration.ZERO, false);

        state.drain();
        assertThat(state.readiness()).isEqualTo(Readiness.DRAINING);
        assertThat(state.isDraining()).isTrue();

        state.resume();
        assertThat(state.readiness()).isEqualTo(Readiness.READY);
    }

    @Test
    void aStoppingInstanceIsNeverReadyAgain() {
        InstanceLifecycle state = new InstanceLifecycle(clock, Duration.ZERO, false);

        state.stop();
        state.resume();

        assertThat(state.readiness()).isEqualTo(Readiness.STOPPING);
    }

    @Test
    void aFailingHealthCheckNeverBecomesReady() {
        InstanceLifecycle state = new InstanceLifecycle(clock, Duration.ZERO, true);

        clock.advance(Duration.ofDays(1));

        assertThat(state.readiness()).isEqualTo(Readiness.FAILING);
    }
}
