package dev.nonstop.cli.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nonstop.cli.LogLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person sees of {@code nonstop up}: the addresses and its progress on the terminal, its logs in a file it
 * names when it starts (under the data directory), or on the terminal with {@code --verbose}.
 */
@Timeout(120)
class UpCommandIntegrationTest {
    @TempDir
    Path dir;

    private final List<Process> ups = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process up : ups) {
            up.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Runs {@code nonstop up} with no apps until it is ready, then stops it (SIGTERM); its stdout and stderr. */
    private String[] upUntilReady(String... options) throws Exception {
        Path config = Files.writeString(
                dir.resolve("nonstop.yaml"),
                """
                dataDir: .nonstop
                gateway: { listen: 127.0.0.1:0, admin: 127.0.0.1:0 }
                controller: { listen: 127.0.0.1:0 }
                apps: []
                """);
        Path stdout = dir.resolve("stdout");
        Path stderr = dir.resolve("stderr");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.nonstop.cli.NonstopCommand",
                "up",
                "-c",
                config.toString()));
        command.addAll(List.of(options));
        Process up = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        ups.add(up);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> !up.isAlive() || read(stdout).contains("nonstop up: ready"));
        assertThat(read(stdout)).as(read(stderr)).contains("nonstop up: ready");
        up.destroy();
        assertThat(up.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String[] {read(stdout), read(stderr)};
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    @Test
    void theTerminalShowsProgressAndTheLogsGoToTheFileItNames() throws Exception {
        String[] out = upUntilReady();

        assertThat(LogLines.in(out[0] + out[1])).as("log lines on the terminal").isEmpty();
        String logsLine = out[0].lines()
                .filter(l -> l.startsWith("logs: "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no logs: line in\n" + out[0]));
        Path logFile = Path.of(logsLine.substring("logs: ".length()).split(" ")[0]);
        assertThat(dir.resolve(logFile).toAbsolutePath().normalize())
                .startsWith(dir.resolve(".nonstop/logs").toAbsolutePath());
        assertThat(LogLines.in(Files.readString(dir.resolve(logFile))))
                .as("the log file")
                .isNotEmpty();
    }

    @Test
    void verbosePutsTheLogsBackOnTheTerminal() throws Exception {
        String[] out = upUntilReady("--verbose");

        assertThat(out[0]).doesNotContain("logs: ");
        assertThat(LogLines.in(out[1])).as("log lines on stderr").isNotEmpty();
        assertThat(LogLines.in(out[0])).as("log lines on stdout").isEmpty();
    }
}
