package dev.nonstop.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.cli.LogLines;
import dev.nonstop.cli.NonstopCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nonstop demo} as a new user runs it: the controller releases the sample app v1 -> v2
 * under load with logged-in users, and the command exits 0 only when no request failed and
 * nobody was logged out. The terminal shows progress and the report; the logs go to the file it
 * names.
 */
@Timeout(240)
class DemoIntegrationTest {
    @TempDir
    Path dir;

    @Test
    void theDemoReleasesV2UnderLoadWithZeroFailedRequestsAndNobodyLoggedOut() throws Exception {
        Path logFile = dir.resolve("logs/demo.log");
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            exit = NonstopCommand.commandLine().execute("demo", "--baseline", "2s", "--log-file", logFile.toString());
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
                .contains("release                SUCCEEDED (v1 -> v2)")
                .contains("failed requests        0")
                .contains("users logged out       0 of 20")
                .containsPattern("shop-1 +drained in")
                .containsPattern("shop-3 +drained in");
        assertThat(LogLines.in(report + errors)).as("log lines on the terminal").isEmpty();
        assertThat(LogLines.in(Files.readString(logFile))).as("the log file").isNotEmpty();
    }
}
