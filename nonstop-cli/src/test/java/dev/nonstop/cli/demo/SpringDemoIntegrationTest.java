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
 * {@code nonstop demo --app spring}: the Spring sample released v1 -> v2 under load while it consumes numbered
 * messages from an AMQP 0-9-1 broker (the demo's Qpid Broker-J, or on Java 24 and later, where that cannot run, the
 * machine's RabbitMQ at 127.0.0.1:5672) and Kafka (in the demo's broker process), runs its job once
 * cluster-wide and serves gRPC calls made through {@code nonstop:///shop}; the report shows nothing lost, no job run
 * missed or doubled and no call failed, after the HTTP lines, which stay as they were. Two instances, to keep the
 * test's time down (each Spring Boot start takes seconds on a small machine).
 */
// A bound, not a wait: on a slow 2-core VM each Spring Boot start under the demo's load took 138-176 s (2026-12-04).
@Timeout(900)
class SpringDemoIntegrationTest {
    @TempDir
    Path dir;

    @Test
    void theSpringDemoLosesNoMessageMissesNoJobRunAndFailsNoCall() throws Exception {
        // The source tree: the module's parent (failsafe runs in the module's directory).
        Path home = Path.of("").toAbsolutePath().getParent();
        for (String jar : new String[] {
            "nonstop-sample-spring/target/nonstop-sample-spring-v1.jar",
            "nonstop-sample-spring/target/nonstop-sample-spring-v2.jar",
            DemoBrokers.JAR
        }) {
            assertThat(home.resolve(jar))
                    .as("built by the reactor before this module (./mvnw -pl nonstop-cli -am verify)")
                    .isRegularFile();
        }
        Path logFile = dir.resolve("logs/demo.log");
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        String previousHome = System.getProperty("nonstop.home");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        int exit;
        try {
            System.setProperty("nonstop.home", home.toString());
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            exit = NonstopCommand.commandLine()
                    .execute(
                            "demo",
                            "--app",
                            "spring",
                            "--instances",
                            "2",
                            // 4 load connections, not 16: this JVM also runs the gateway, the controller and the
                            // agent, beside the brokers and the Spring Boot JVMs, on two cores; with 16 a new
                            // instance's start once outlasted the 3-minute readiness timeout in a full suite run.
                            "--connections",
                            "4",
                            "--baseline",
                            "2s",
                            "--log-file",
                            logFile.toString());
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
            if (previousHome == null) {
                System.clearProperty("nonstop.home");
            } else {
                System.setProperty("nonstop.home", previousHome);
            }
        }
        String report = captured.toString(StandardCharsets.UTF_8);
        String errors = capturedErr.toString(StandardCharsets.UTF_8);
        stdout.print(report);
        stderr.print(errors);

        assertThat(exit).as(report).isZero();
        String http = report.substring(report.indexOf("Report"));
        assertThat(http)
                .contains("release                SUCCEEDED (v1 -> v2)")
                .contains("failed requests        0")
                .contains("users logged out       0 of 20")
                .containsPattern("shop-2 +drained in");
        assertThat(report)
                .as(
                        "AMQP messages: through the demo's Qpid Broker-J (Java 17 to 23) or the machine's RabbitMQ at 127.0.0.1:5672")
                .containsPattern(
                        "rabbitmq messages +[1-9]\\d* published, [1-9]\\d* processed, 0 lost, \\d+ duplicated");
        assertThat(report)
                .containsPattern("kafka messages +[1-9]\\d* published, [1-9]\\d* processed, 0 lost, \\d+ duplicated")
                .containsPattern("job runs +[1-9]\\d* in [1-9]\\d* slots of 2 s, 0 missed, 0 doubled")
                .containsPattern("rpc calls +[1-9]\\d* made, 0 failed");
        // The lines the demo always had come first, unchanged; the new ones after them.
        assertThat(report.indexOf("release total")).isLessThan(report.indexOf("rabbitmq messages"));
        assertThat(LogLines.in(report + errors)).as("log lines on the terminal").isEmpty();
        assertThat(LogLines.in(Files.readString(logFile))).as("the log file").isNotEmpty();
    }
}
