package dev.nonstop.gateway.contract.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupCountersTest {

    private static LatencyHistogram histogram(long... millis) {
        long[] counts = new long[LatencyHistogram.SIZE];
        for (long m : millis) {
            counts[LatencyHistogram.bucketIndex(Duration.ofMillis(m).toNanos())]++;
        }
        return LatencyHistogram.of(counts);
    }

    @Test
    void quantilesAreTheUpperBoundOfTheirBucket() {
        long[] ms = new long[100];
        for (int i = 0; i < 99; i++) {
            ms[i] = 4;
        }
        ms[99] = 280;
        LatencyHistogram h = histogram(ms);

        assertThat(h.count()).isEqualTo(100);
        assertThat(h.quantile(0.5)).isEqualTo(Duration.ofMillis(5));
        assertThat(h.quantile(0.99)).isEqualTo(Duration.ofMillis(5));
        assertThat(h.quantile(1.0)).isEqualTo(Duration.ofMillis(300));
        assertThat(LatencyHistogram.empty().quantile(0.99)).isEqualTo(Duration.ZERO);
        assertThat(histogram(120_000).quantile(0.5)).isEqualTo(Duration.ofSeconds(60));
        assertThatThrownBy(() -> h.quantile(1.5)).hasMessage("q: 1.5 (expected: 0-1)");
    }

    @Test
    void snapshotsSubtractAndGatewaysMerge() {
        LatencyHistogram before = histogram(1, 1, 100);
        LatencyHistogram after = histogram(1, 1, 100, 100, 100, 3000);
        GroupCounters earlier = new GroupCounters("green", "2.0", 10, 1, 0, before, 4, 7);
        GroupCounters later = new GroupCounters("green", "2.0", 110, 3, 1, after, 9, 12);

        GroupCounters window = later.minus(earlier);

        assertThat(window.requests()).isEqualTo(100);
        assertThat(window.failures()).isEqualTo(3);
        assertThat(window.errorRatio()).isEqualTo(0.03);
        assertThat(window.latency().count()).isEqualTo(3);
        assertThat(window.latency().quantile(0.99)).isEqualTo(Duration.ofSeconds(3));
        assertThat(window.usersPinned()).isEqualTo(5);
        assertThat(window.activeUsers()).isEqualTo(12);
        assertThat(LatencyHistogram.merge(List.of(before, after)).count()).isEqualTo(9);
        assertThat(GroupCounters.sum(List.of(earlier, later)).requests()).isEqualTo(120);
    }

    @Test
    void theStatsJsonRoundTrips() throws Exception {
        GroupCounters blue = new GroupCounters("blue", null, 5, 0, 0, histogram(2, 3), 1, 1);
        GroupCounters green = new GroupCounters("green", "2.0", 6, 1, 2, histogram(40), 0, 3);

        String json = new ObjectMapper()
                .writeValueAsString(GatewayAdminClient.groupStatsTree("shop", 9, List.of(blue, green)));

        assertThat(GatewayAdminClient.parseGroupStats("test", new ObjectMapper().readTree(json)))
                .containsExactly(blue, green);
    }

    @Test
    void badCountsAreRefused() {
        assertThatThrownBy(() -> LatencyHistogram.of(new long[3]))
                .hasMessageContaining("counts: 3 counts (expected: " + LatencyHistogram.SIZE);
    }
}
