package dev.nonstop.cli.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.cli.CapturedCli;
import dev.nonstop.cli.ExitCodes;
import dev.nonstop.cli.NonstopCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParseResult;

/**
 * One CLI dialect: every duration option reads the config files' grammar, and every command refuses a bad option
 * the same way (one line naming the option and what it expects, exit 2), before it starts or sends anything.
 */
class CliDialectTest {
    private static final String EXPECTED = "(expected: a duration like 500ms, 2s, 1m or PT2S)";

    @TempDir
    Path dir;

    private final CapturedCli cli = new CapturedCli();

    private int run(String... args) {
        return cli.run(args);
    }

    /** The value picocli converted for {@code option} of the subcommand (path) these args name. */
    private static Object parsed(String option, String... args) {
        ParseResult result = NonstopCommand.commandLine().parseArgs(args);
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        return result.matchedOptionValue(option, null);
    }

    private String[] releaseStart(String... more) throws Exception {
        Path jar = Files.writeString(dir.resolve("app.jar"), "not really a jar");
        List<String> args = new ArrayList<>(List.of(
                "release",
                "start",
                "shop",
                "--version",
                "v2",
                "--artifact",
                jar.toString(),
                "--controller",
                "http://127.0.0.1:1"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void everyDurationOptionReadsTheConfigGrammarIncludingDays() throws Exception {
        Duration day = Duration.ofDays(1);
        assertThat(parsed("--deadline", "drain", "shop-1", "--deadline", "1d")).isEqualTo(day);
        assertThat(parsed("--timeout", "drain", "shop-1", "--timeout", "1d")).isEqualTo(day);
        assertThat(parsed("--drain-deadline", releaseStart("--drain-deadline", "1d")))
                .isEqualTo(day);
        assertThat(parsed("--warm-up-interval", releaseStart("--warm-up-interval", "500ms")))
                .isEqualTo(Duration.ofMillis(500));
        assertThat(parsed("--scan-interval", "controller", "-c", "x.yaml", "--scan-interval", "PT2S"))
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(parsed("--baseline", "demo", "--baseline", "1m")).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aBadDurationIsRefusedAlikeByEveryCommandNamingTheOptionAndTheFormat() throws Exception {
        assertThat(run("drain", "shop-1", "--deadline", "soon")).isEqualTo(ExitCodes.USAGE);
        assertThat(run(releaseStart("--drain-deadline", "soon"))).isEqualTo(ExitCodes.USAGE);
        assertThat(run("controller", "-c", "x.yaml", "--scan-interval", "soon")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("demo", "--baseline", "soon")).isEqualTo(ExitCodes.USAGE);

        assertThat(cli.err().lines().filter(l -> !l.startsWith("Try ")))
                .containsExactly(
                        "nonstop drain: --deadline: soon " + EXPECTED,
                        "nonstop release start: --drain-deadline: soon " + EXPECTED,
                        "nonstop controller: --scan-interval: soon " + EXPECTED,
                        "nonstop demo: --baseline: soon " + EXPECTED);
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void aDurationThatMustBePositiveIsRefusedAlikeWhenZero() throws Exception {
        assertThat(run("drain", "shop-1", "--deadline", "0s")).isEqualTo(ExitCodes.USAGE);
        assertThat(run(releaseStart("--drain-deadline", "PT0S"))).isEqualTo(ExitCodes.USAGE);

        assertThat(cli.err().lines())
                .containsExactly(
                        "nonstop drain: --deadline: 0s (expected: > 0)",
                        "nonstop release start: --drain-deadline: 0s (expected: > 0)");
    }

    @Test
    void aNegativeDurationIsRefusedByTheConverter() {
        assertThat(run("drain", "shop-1", "--timeout", "-5s")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).startsWith("nonstop drain: --timeout: -5s (expected: >= 0)");
    }

    @Test
    void anOutOfRangeNumberIsAUsageErrorNamingTheOption() {
        assertThat(run("demo", "--instances", "0")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("agent", "--port", "70000")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("agent", "--port", "abc")).isEqualTo(ExitCodes.USAGE);

        assertThat(cli.err().lines().filter(l -> !l.startsWith("Try ")))
                .containsExactly(
                        "nonstop demo: --instances: 0 (expected: 1-20)",
                        "nonstop agent: --port: 70000 (expected: 0-65535)",
                        "nonstop agent: --port: 'abc' is not an int");
    }

    @Test
    void aSizeOptionReadsTheConfigGrammarAndRefusesAnythingElseBeforeTheAgentStarts() {
        assertThat(parsed("--max-artifact-size", "agent", "--max-artifact-size", "512MB"))
                .isEqualTo(512L * 1024 * 1024);

        assertThat(run("agent", "--max-artifact-size", "big")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("agent", "--max-artifact-size", "0")).isEqualTo(ExitCodes.USAGE);

        assertThat(cli.err().lines().filter(l -> !l.startsWith("Try ")))
                .containsExactly(
                        "nonstop agent: --max-artifact-size: big (expected: a size like 512, 10KB or 10MB)",
                        "nonstop agent: --max-artifact-size: 0 (expected: > 0)");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void aLogFileThatCannotBeWrittenIsAUsageErrorBeforeAnythingStarts() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "");

        assertThat(run("demo", "--log-file", notADirectory.resolve("demo.log").toString()))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err())
                .startsWith("nonstop demo: --log-file: " + notADirectory.resolve("demo.log")
                        + " (expected: a file this user can create and write: ");
        assertThat(cli.out()).isEmpty();
    }
}
