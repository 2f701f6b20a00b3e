package dev.nonstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GatewayCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = NonstopCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void badConfigExitsTwoAndNamesEveryProblem() throws IOException {
        Path config = Files.writeString(
                dir.resolve("gateway.yaml"),
                """
                timeouts: { connect: -1s }
                apps:
                  - name: shop
                    balancng: round-robin
                    groups:
                      - name: blue
                        members:
                          - { id: shop-1, host: 127.0.0.1, port: 70000 }
                """);

        int exit = run("gateway", "--config", config.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString())
                .contains(config + ": 3 problems:")
                .contains("timeouts.connect: -1s (expected: > 0)")
                .contains("apps[0].balancng: unknown field")
                .contains("apps[0].groups[0].members[0].port: 70000 (expected: 1-65535)");
    }

    @Test
    void missingConfigFileExitsTwo() {
        int exit = run("gateway", "-c", dir.resolve("nope.yaml").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("nope.yaml").contains("no such file");
    }

    @Test
    void yamlSyntaxErrorExitsTwoWithLineAndColumn() throws IOException {
        Path config = Files.writeString(dir.resolve("gateway.yaml"), "listen: [::1]:80\n");

        assertThat(run("gateway", "--config", config.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("line 1, column 10");
    }

    @Test
    void missingConfigOptionIsAUsageError() {
        int exit = run("gateway");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--config=FILE'");
    }

    @Test
    void noSubcommandIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("a subcommand is required");
    }

    @Test
    void helpIsDataOnStdout() {
        assertThat(run("gateway", "--help")).isZero();
        assertThat(out.toString()).contains("--config=FILE");
        assertThat(err.toString()).isEmpty();
    }
}
