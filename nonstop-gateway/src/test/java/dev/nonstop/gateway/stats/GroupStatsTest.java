package dev.nonstop.gateway.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.gateway.contract.UserBucket;
import dev.nonstop.gateway.contract.client.GroupCounters;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GroupStatsTest {
    private static final long MINUTE = Duration.ofMinutes(1).toNanos();

    @Test
    void activeUsersAreEstimatedWithinAFewPercentAndForgottenAfterFiveMinutes() {
        GatewayStats gateway = new GatewayStats();
        GroupStats green = gateway.group("shop", "green", "2.0");
        long t0 = System.nanoTime();
        for (int u = 0; u < 20_000; u++) {
            // Each user seen several times, over two minutes: counted once.
            int hash = UserBucket.murmur3("user-" + u);
            green.userSeen(hash, t0);
            green.userSeen(hash, t0 + MINUTE + 1);
        }
        assertThat(green.activeUsers(t0 + MINUTE + 1)).isBetween(18_000L, 22_000L);
        for (int u = 0; u < 100; u++) {
            green.userSeen(UserBucket.murmur3("late-" + u), t0 + 6 * MINUTE + 1);
        }
        assertThat(green.activeUsers(t0 + 6 * MINUTE + 1))
                .as("only the users of the last 5 minutes")
                .isBetween(90L, 110L);
        assertThat(green.activeUsers(t0 + 20 * MINUTE)).isZero();
    }

    @Test
    void countersAreCumulativeAndKeepTheGroupsVersion() {
        GatewayStats gateway = new GatewayStats();
        GroupStats blue = gateway.group("shop", "blue", "1.0");
        blue.finished(200, Duration.ofMillis(3).toNanos());
        blue.finished(503, Duration.ofMillis(40).toNanos());
        blue.failed();
        blue.pinIssued();

        GroupCounters c = gateway.group("shop", "blue", "1.1").counters();

        assertThat(c.version()).isEqualTo("1.1");
        assertThat(c.requests()).isEqualTo(3);
        assertThat(c.responses5xx()).isEqualTo(1);
        assertThat(c.errors()).isEqualTo(1);
        assertThat(c.usersPinned()).isEqualTo(1);
        assertThat(c.latency().count()).isEqualTo(2);
        assertThat(c.latency().quantile(0.99)).isEqualTo(Duration.ofMillis(40));
        assertThat(gateway.findGroup("shop", "blue")).isSameAs(gateway.group("shop", "blue", "1.1"));
        assertThat(gateway.findGroup("shop", "green")).isNull();
        assertThat(gateway.scrape())
                .contains("nonstop_gateway_group_responses_5xx_total{app=\"shop\",group=\"blue\"} 1.0");
    }
}
