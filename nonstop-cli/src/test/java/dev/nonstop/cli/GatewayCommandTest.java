package dev.nonstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayCommandTest {
    @TempDir
    Path dir;

    private final CapturedCli cli = new CapturedCli();

    private int run(String... args) {
        return cli.run(args);
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
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err())
                .contains(config + ": 3 problems:")
                .contains("timeouts.connect: -1s (expected: > 0)")
                .contains("apps[0].balancng: unknown field")
                .contains("apps[0].groups[0].members[0].port: 70000 (expected: 1-65535)");
    }

    @Test
    void missingConfigFileExitsTwo() {
        int exit = run("gateway", "-c", dir.resolve("nope.yaml").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err()).contains("nope.yaml").contains("no such file");
    }

    @Test
    void yamlSyntaxErrorExitsTwoWithLineAndColumn() throws IOException {
        Path config = Files.writeString(dir.resolve("gateway.yaml"), "listen: [::1]:80\n");

        assertThat(run("gateway", "--config", config.toString())).isEqualTo(2);
        assertThat(cli.err()).contains("line 1, column 10");
    }

    @Test
    void missingConfigOptionIsAUsageError() {
        int exit = run("gateway");

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err()).contains("Missing required option: '--config=FILE'");
    }

    @Test
    void noSubcommandIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(cli.err()).contains("a subcommand is required");
    }

    @Test
    void helpIsDataOnStdout() {
        assertThat(run("gateway", "--help")).isZero();
        assertThat(cli.out()).contains("--config=FILE");
        assertThat(cli.err()).isEmpty();
    }
}
