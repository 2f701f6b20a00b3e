package dev.nonstop.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.gateway.contract.RoutingTable;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GatewayWarmUpTest {

    private static final GatewaySettings SETTINGS =
            GatewaySettings.builder().listen("127.0.0.1", 0).eventLoops(1).build();

    @Test
    void forwardsTheGivenNumberOfExchangesThroughAProxyOfItsOwnAndLeavesNothingRunning() {
        GatewayWarmUp.Result result = GatewayWarmUp.run(SETTINGS, Duration.ofSeconds(20), 2_000);

        // Each of the four clients checks the count before it sends: at most three more than asked.
        assertThat(result.exchanges()).isBetween(2_000L, 2_003L);
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("nonstop-warm-up-client"));
    }

    @Test
    void stopsAtItsTimeBudget() {
        GatewayWarmUp.Result result = GatewayWarmUp.run(SETTINGS, Duration.ofMillis(300), Long.MAX_VALUE);

        assertThat(result.exchanges()).isPositive();
        assertThat(result.took()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aGatewayWithAWarmUpStartsAndCountsNoneOfTheWarmUpTraffic() {
        GatewaySettings settings =
                SETTINGS.toBuilder().warmUp(Duration.ofMillis(300)).build();

        try (Gateway gateway = Gateway.start(settings, RoutingTable.empty())) {
            assertThat(gateway.address().getPort()).isPositive();
            assertThat(gateway.stats().snapshot()).isEmpty();
        }
    }
}
