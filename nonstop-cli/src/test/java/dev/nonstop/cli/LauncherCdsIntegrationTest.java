package dev.nonstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code nonstop} launcher runs the client commands with a CDS archive that their first run writes next to the
 * jar's copy: later runs load their classes from it, and no run prints anything about it.
 */
class LauncherCdsIntegrationTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private String status() throws Exception {
        Path token = Files.writeString(dir.resolve("controller.token"), "cds-test-token-0123456789");
        ProcessBuilder pb = new ProcessBuilder(
                        REPO.resolve("nonstop").toString(),
                        "status",
                        "--controller",
                        "http://127.0.0.1:1",
                        "--token-file",
                        token.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true);
        pb.environment().remove("NONSTOP_JAVA_OPTS");
        Process process = pb.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(out).isTrue();
        assertThat(process.exitValue()).as(out).isEqualTo(ExitCodes.FAILURE);
        return out;
    }

    private static List<Path> archives() throws Exception {
        Path run = REPO.resolve("nonstop-cli/target/run");
        if (!Files.isDirectory(run)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(run)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsa"))
                    .toList();
        }
    }

    @Test
    void aClientCommandWritesItsArchiveOnceAndUsesItQuietly() throws Exception {
        String first = status();

        assertThat(archives())
                .as("a .jsa beside the jar's copy in nonstop-cli/target/run")
                .isNotEmpty()
                .allSatisfy(a -> assertThat(Files.size(a)).isPositive());
        String second = status();
        for (String out : List.of(first, second)) {
            assertThat(out).contains("the controller is not reachable at http://127.0.0.1:1");
            assertThat(out.toLowerCase(java.util.Locale.ROOT)).doesNotContain("cds", "shared archive", "warning");
        }
    }
}
