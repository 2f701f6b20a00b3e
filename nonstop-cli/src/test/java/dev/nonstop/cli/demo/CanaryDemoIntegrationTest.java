package dev.nonstop.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.cli.LogLines;
import dev.nonstop.cli.NonstopCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nonstop demo --strategy canary}: a canary of v2 with an office-network rule and 25/50/100% steps, no user
 * switching version and no failed request, then a canary of a faulty v3 rolled back by its gate to v2 with no failed
 * request other than v3's own errors; exit 0 only then.
 */
@Timeout(240)
class CanaryDemoIntegrationTest {
    @TempDir
    Path dir;

    @Test
    void theCanaryDemoShowsOfficeUsersPercentStepsNoSwitchAndAFaultyV2RolledBack() throws Exception {
        Path logFile = dir.resolve("logs/demo.log");
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            exit = NonstopCommand.commandLine()
                    .execute("demo", "--strategy", "canary", "--log-file", logFile.toString());
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        String report = captured.toString(StandardCharsets.UTF_8);
        String errors = capturedErr.toString(StandardCharsets.UTF_8);
        stdout.print(report);
        stderr.print(errors);

        assertThat(exit).as(report).isZero();
        assertThat(report)
                .startsWith("logs: " + logFile)
                .contains("X-Forwarded-For (1 trusted hop")
                .contains("canary: SUCCEEDED (v1 -> v2)")
                .contains("office users on v2: 8 of 8")
                .contains("users who switched version: 0; failed requests: 0 of ")
                .containsPattern("new users on v2 at 100%: 100% \\(100 of 100\\)")
                .containsPattern("canary with a faulty v3: gate failed at 25% \\(error ratio [0-9.]+ > 0.01")
                .contains("rolled back;")
                .contains("users moved once back to v2 by the rollback: ")
                .contains("failed requests other than v3's own errors: 0 of ")
                .doesNotContain("not as it must be");
        // the share of new users on v2 follows the step, loosely (100 users each: a few points of chance)
        assertThat(share(report, 25)).isBetween(10, 40);
        assertThat(share(report, 50)).isBetween(33, 67);
        Matcher own = Pattern.compile("v3's own errors \\(GET /version 500\\): (\\d+)")
                .matcher(report);
        assertThat(own.find()).isTrue();
        assertThat(Long.parseLong(own.group(1))).isPositive();
        assertThat(LogLines.in(report + errors)).as("log lines on the terminal").isEmpty();
    }

    private static int share(String report, int step) {
        Matcher m = Pattern.compile("new users on v2 at " + step + "%: (\\d+)%").matcher(report);
        assertThat(m.find()).as("step %d in %s", step, report).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
