package dev.nonstop.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.cli.NonstopCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code nonstop demo} as a new user runs it: the controller releases the sample app v1 -> v2
 * under load with logged-in users, and the command exits 0 only when no request failed and
 * nobody was logged out.
 */
@Timeout(240)
class DemoIntegrationTest {

    @Test
    void theDemoReleasesV2UnderLoadWithZeroFailedRequestsAndNobodyLoggedOut() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = NonstopCommand.commandLine().execute("demo", "--baseline", "2s");
        } finally {
            System.setOut(stdout);
        }
        String report = captured.toString(StandardCharsets.UTF_8);
        stdout.print(report);

        assertThat(exit).as(report).isZero();
        assertThat(report)
                .contains("release                SUCCEEDED (v1 -> v2)")
                .contains("failed requests        0")
                .contains("users logged out       0 of 20")
                .containsPattern("shop-1 +drained in")
                .containsPattern("shop-3 +drained in");
    }
}
