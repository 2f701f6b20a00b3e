package dev.nonstop.common.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefusalAggregatorTest {
    private static final Instant T0 = Instant.parse("2026-12-02T15:04:10Z");

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        Instant now = T0;

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

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private final TestClock clock = new TestClock();
    private final List<RefusedAttempts> records = new ArrayList<>();
    private final RefusalAggregator refusals = new RefusalAggregator(clock, 3, records::add);

    @Test
    void theFirstRefusalOfACallerInAMinuteIsRecordedAtOnceAndTheRestAsOneCountWhenTheMinuteIsOver() {
        for (int i = 0; i < 4_000; i++) {
            refusals.refused("203.0.113.7", "POST /api/apps", "invalid token");
        }
        assertThat(records)
                .containsExactly(new RefusedAttempts(
                        "203.0.113.7",
                        Instant.parse("2026-12-02T15:04:00Z"),
                        1,
                        "POST /api/apps",
                        "invalid token",
                        false));

        refusals.flush();
        assertThat(records).hasSize(1); // the minute is not over

        clock.advance(Duration.ofSeconds(50));
        refusals.flush();

        assertThat(records).hasSize(2);
        RefusedAttempts count = records.get(1);
        assertThat(count.summary()).isTrue();
        assertThat(count.attempts()).isEqualTo(3_999);
        assertThat(count.describe())
                .isEqualTo("refused 3999 more times in the minute from 15:04Z (last: POST /api/apps: invalid token)");
        assertThat(records.stream().mapToLong(RefusedAttempts::attempts).sum()).isEqualTo(4_000);
    }

    @Test
    void aNewMinuteStartsAfreshAndTheRefusalThatStartsItWritesTheCountOfTheLastOne() {
        refusals.refused("a", "GET /x", "missing bearer token");
        refusals.refused("a", "GET /y", "missing bearer token");
        clock.advance(Duration.ofMinutes(1));

        refusals.refused("a", "GET /z", "invalid token");

        assertThat(records)
                .extracting(RefusedAttempts::attempts, RefusedAttempts::what, RefusedAttempts::summary)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1L, "GET /x", false),
                        org.assertj.core.groups.Tuple.tuple(1L, "GET /y", true),
                        org.assertj.core.groups.Tuple.tuple(1L, "GET /z", false));
        assertThat(records.get(2).minute()).isEqualTo(Instant.parse("2026-12-02T15:05:00Z"));
    }

    @Test
    void callersBeyondTheBoundShareOneBucketSoAMinuteGivesABoundedNumberOfRecords() {
        for (int caller = 0; caller < 1_000; caller++) {
            for (int i = 0; i < 5; i++) {
                refusals.refused("10.0.0." + caller, "POST /x", "invalid token");
            }
        }
        refusals.flushAll();

        assertThat(records).hasSize(2 * (3 + 1));
        assertThat(records.stream().mapToLong(RefusedAttempts::attempts).sum()).isEqualTo(5_000);
        assertThat(records)
                .filteredOn(r -> r.caller().equals(RefusalAggregator.OTHER_CALLERS))
                .hasSize(2)
                .anySatisfy(r -> assertThat(r.reason()).isEqualTo("invalid token (from 10.0.0.3)"));
    }

    @Test
    void flushAllWritesTheCurrentMinutesCountsOnce() {
        refusals.refused("a", "GET /x", "r");
        refusals.refused("a", "GET /x", "r");
        refusals.flushAll();
        refusals.flushAll();
        clock.advance(Duration.ofMinutes(1));
        refusals.flush();

        assertThat(records).extracting(RefusedAttempts::attempts).containsExactly(1L, 1L);
    }

    @Test
    void aSinkThatThrowsLosesTheRecordButNotTheCaller() {
        RefusalAggregator failing = new RefusalAggregator(clock, 3, r -> {
            throw new IllegalStateException("disk full");
        });

        failing.refused("a", "GET /x", "r");
    }

    @Test
    void badSettingsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> new RefusalAggregator(clock, 0, r -> {})).hasMessage("maxCallers: 0 (expected: >= 1)");
    }
}
