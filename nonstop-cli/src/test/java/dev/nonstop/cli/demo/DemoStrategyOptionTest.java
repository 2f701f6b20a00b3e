package dev.nonstop.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.cli.CapturedCli;
import dev.nonstop.cli.ExitCodes;
import org.junit.jupiter.api.Test;

/** {@code nonstop demo --strategy}: rolling or canary; anything else, or canary with what it cannot run, is refused. */
class DemoStrategyOptionTest {
    private final CapturedCli cli = new CapturedCli();

    @Test
    void anUnknownStrategyIsAUsageErrorNamingTheOptionAndTheChoices() {
        assertThat(cli.run("demo", "--strategy", "blue-green")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("--strategy: blue-green (expected: rolling or canary)");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void theCanaryRunsTheSampleAppOnlyAndRefusesTheOthersBeforeStartingAnything() {
        assertThat(cli.run("demo", "--strategy", "canary", "--app", "spring")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("demo", "--strategy", "CANARY", "--gateway-only")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err().lines().filter(l -> l.startsWith("nonstop demo:")))
                .hasSize(2)
                .allMatch(l -> l.contains("--strategy: canary"), "names the option");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void theSpringDemosLoadFitsTheCoresAndTheSampleDemoKeepsSixteenConnections() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(DemoCommand.defaultConnections(DemoApp.Kind.SAMPLE)).isEqualTo(16);
        assertThat(DemoCommand.defaultConnections(DemoApp.Kind.SPRING)).isEqualTo(Math.min(16, 2 * cores));
    }

    @Test
    void aConnectionCountOutOfRangeIsRefusedWhateverTheApp() {
        assertThat(cli.run("demo", "--app", "spring", "--connections", "0")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("--connections: 0 (expected: 1-1000)");
        assertThat(cli.out()).isEmpty();
    }
}
