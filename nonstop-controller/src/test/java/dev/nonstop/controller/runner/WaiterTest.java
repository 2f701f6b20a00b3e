package dev.nonstop.controller.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WaiterTest {

    /** A clock that moves only when the waiter pauses. */
    private static final class FakeClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        final List<Duration> pauses = new ArrayList<>();

        void pause(Duration d) {
            pauses.add(d);
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final FakeClock clock = new FakeClock();
    private final Waiter waiter = Waiter.create(clock, Duration.ofMillis(20), clock::pause);

    @Test
    void conditionThatHoldsAtOnceDoesNotPause() {
        assertThat(waiter.await(Duration.ofSeconds(1), () -> true)).isTrue();
        assertThat(clock.pauses).isEmpty();
    }

    @Test
    void pollsSoonAtFirstThenBacksOffUntilTheConditionHolds() {
        AtomicInteger polls = new AtomicInteger();

        assertThat(waiter.await(Duration.ofSeconds(1), () -> polls.incrementAndGet() == 5))
                .isTrue();

        assertThat(polls).hasValue(5);
        assertThat(clock.pauses)
                .containsExactly(
                        Duration.ofMillis(20),
                        Duration.ofMillis(30),
                        Duration.ofMillis(45),
                        Duration.ofNanos(67_500_000));
    }

    @Test
    void aLongWaitPollsAtMostEveryMaxInterval() {
        AtomicInteger polls = new AtomicInteger();

        assertThat(waiter.await(Duration.ofSeconds(10), () -> {
                    polls.incrementAndGet();
                    return false;
                }))
                .isFalse();

        assertThat(clock.pauses).allMatch(d -> d.compareTo(Waiter.DEFAULT_MAX_INTERVAL) <= 0);
        assertThat(clock.pauses.subList(8, clock.pauses.size() - 1)).allMatch(d -> d.equals(Duration.ofMillis(500)));
        // 10 s at 2 polls a second after the first second, not the 500 polls of a fixed 20 ms interval
        assertThat(polls.get()).isBetween(25, 32);
    }

    @Test
    void aMaxIntervalEqualToTheIntervalPollsEveryInterval() {
        AtomicInteger polls = new AtomicInteger();

        assertThat(waiter.withMaxInterval(Duration.ofMillis(20))
                        .await(Duration.ofSeconds(1), () -> polls.incrementAndGet() == 5))
                .isTrue();

        assertThat(clock.pauses).hasSize(4).allMatch(d -> d.equals(Duration.ofMillis(20)));
    }

    @Test
    void givesUpAtTheDeadlineAfterAFinalPoll() {
        AtomicInteger polls = new AtomicInteger();
        Instant start = clock.instant();

        assertThat(waiter.await(Duration.ofMillis(60), () -> {
                    polls.incrementAndGet();
                    return false;
                }))
                .isFalse();

        assertThat(Duration.between(start, clock.instant())).isEqualTo(Duration.ofMillis(60));
        assertThat(clock.pauses).containsExactly(Duration.ofMillis(20), Duration.ofMillis(30), Duration.ofMillis(10));
        assertThat(polls).hasValue(4);
    }

    @Test
    void holdLetsTheTimePassUnlessAborted() {
        assertThat(waiter.hold(Duration.ofMillis(100), () -> false)).isTrue();
        AtomicInteger polls = new AtomicInteger();
        assertThat(waiter.hold(Duration.ofMillis(100), () -> polls.incrementAndGet() == 2))
                .isFalse();
    }

    @Test
    void interruptedWaitIsCancelledAndKeepsTheFlag() {
        Waiter interrupted = Waiter.create(clock, Duration.ofMillis(20), d -> {
            throw new InterruptedException();
        });

        assertThatThrownBy(() -> interrupted.await(Duration.ofSeconds(1), () -> false))
                .isInstanceOf(CancellationException.class);
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void aGateThatHoldsTheWaitMovesItsDeadlineByTheTimeHeld() {
        AtomicInteger passes = new AtomicInteger();
        Waiter gated = waiter.gatedBy(() -> {
            if (passes.incrementAndGet() == 2) {
                clock.pause(Duration.ofSeconds(5)); // a paused release, held here for 5 s
                return Duration.ofSeconds(5);
            }
            return Duration.ZERO;
        });
        Instant start = clock.instant();

        assertThat(gated.hold(Duration.ofMillis(100), () -> false)).isTrue();

        assertThat(Duration.between(start, clock.instant())).isEqualTo(Duration.ofMillis(5100));
    }

    @Test
    void aGateThatThrowsEndsTheWaitBeforeTheNextPoll() {
        AtomicInteger polls = new AtomicInteger();
        AtomicInteger passes = new AtomicInteger();
        Waiter gated = waiter.withInterval(Duration.ofSeconds(1)).gatedBy(() -> {
            if (passes.incrementAndGet() == 3) {
                throw new IllegalStateException("aborted");
            }
            return Duration.ZERO;
        });

        assertThatThrownBy(() -> gated.hold(Duration.ofSeconds(20), () -> polls.incrementAndGet() < 0))
                .hasMessage("aborted");
        assertThat(polls).hasValue(2);
        assertThat(clock.pauses).hasSize(2);
    }

    @Test
    void rejectsAMaxIntervalShorterThanTheInterval() {
        assertThatThrownBy(() -> waiter.withMaxInterval(Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxInterval: PT0.01S (expected: >= the interval PT0.02S)");
    }

    @Test
    void rejectsANonPositiveInterval() {
        assertThatThrownBy(() -> Waiter.create(clock, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("interval: PT0S (expected: > 0)");
    }
}
