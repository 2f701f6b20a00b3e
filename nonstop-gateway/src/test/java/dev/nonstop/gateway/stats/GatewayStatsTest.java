package dev.nonstop.gateway.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GatewayStatsTest {

    private static long millis(double ms) {
        return (long) (ms * TimeUnit.MILLISECONDS.toNanos(1));
    }

    @Test
    void latenciesLandInTheirBucketsAndGivePercentilesAsBucketBounds() {
        GatewayStats stats = new GatewayStats();
        MemberStats m = stats.member("m1", "shop");
        for (int i = 0; i < 98; i++) {
            m.requestStarted();
            m.requestFinished(200, millis(0.4));
        }
        m.requestStarted();
        m.requestFinished(200, millis(40));
        m.requestStarted();
        m.requestFinished(503, millis(90_000));

        MemberStatsSnapshot snapshot = m.snapshot();
        assertThat(snapshot.latencyP50Millis()).isEqualTo(0.5);
        assertThat(snapshot.latencyP99Millis()).isEqualTo(50.0);
        assertThat(snapshot.responses2xx()).isEqualTo(99);
        assertThat(snapshot.inFlight()).isZero();
    }

    @Test
    void aLatencyPastTheLastBoundIsReportedAsTheLargestSeen() {
        MemberStats m = new GatewayStats().member("m1", "shop");
        m.requestStarted();
        m.requestFinished(200, millis(90_000));

        assertThat(m.snapshot().latencyP99Millis()).isEqualTo(90_000.0);
    }

    @Test
    void noRequestMeansZeroPercentiles() {
        MemberStatsSnapshot snapshot = new GatewayStats().member("m1", "shop").snapshot();
        assertThat(snapshot.latencyP50Millis()).isZero();
        assertThat(snapshot.latencyP99Millis()).isZero();
    }

    @Test
    void thePrometheusScrapeHasACumulativeLatencyHistogramPerMember() {
        GatewayStats stats = new GatewayStats();
        MemberStats m = stats.member("m1", "shop");
        m.requestStarted();
        m.requestFinished(200, millis(3));
        m.requestStarted();
        m.requestFinished(200, millis(3));
        m.requestStarted();
        m.requestFinished(200, millis(20));
        stats.member("m2", "shop");

        String scrape = stats.scrape();

        assertThat(scrape)
                .contains("# TYPE nonstop_gateway_member_latency_seconds histogram")
                .contains("nonstop_gateway_member_latency_seconds_bucket{app=\"shop\",member=\"m1\",le=\"0.002\"} 0")
                .contains("nonstop_gateway_member_latency_seconds_bucket{app=\"shop\",member=\"m1\",le=\"0.005\"} 2")
                .contains("nonstop_gateway_member_latency_seconds_bucket{app=\"shop\",member=\"m1\",le=\"0.025\"} 3")
                .contains("nonstop_gateway_member_latency_seconds_bucket{app=\"shop\",member=\"m1\",le=\"+Inf\"} 3")
                .contains("nonstop_gateway_member_latency_seconds_count{app=\"shop\",member=\"m1\"} 3")
                .contains("nonstop_gateway_member_latency_seconds_sum{app=\"shop\",member=\"m1\"} 0.026")
                .contains("nonstop_gateway_member_latency_seconds_count{app=\"shop\",member=\"m2\"} 0")
                .contains("nonstop_gateway_member_requests_total{app=\"shop\",member=\"m1\"} 3");
    }

    @Test
    void bucketBoundsMustIncrease() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new LatencyHistogram(new Duration[] {Duration.ofMillis(2), Duration.ofMillis(1)}))
                .hasMessage("bounds[1]: PT0.001S (expected: increasing)");
    }
}
