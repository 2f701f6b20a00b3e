package dev.nonstop.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.common.problem.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
    @TempDir
    Path dir;

    private static String onlyProblem(ConfigException e) {
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0).toString();
    }

    @Test
    void aFileThatIsNotUtf8IsNamedWithItsFirstBadByteAndWhereItIs() throws Exception {
        // "café" in Latin-1: 0xe9 is not UTF-8 on its own.
        Path file = Files.write(
                dir.resolve("gateway.yaml"),
                "listen: 127.0.0.1:80\nname: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> ConfigFile.read(file)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.source()).isEqualTo(file.toString());
            assertThat(onlyProblem(e))
                    .isEqualTo("(file): not UTF-8 text (byte 0xe9 at line 2, column 10, offset 30)"
                            + " (expected: a readable UTF-8 YAML file)");
        });
    }

    @Test
    void aMultiByteSequenceCutShortAtTheEndIsNotUtf8() {
        byte[] bytes = {'a', ':', ' ', (byte) 0xe2, (byte) 0x82};

        assertThatThrownBy(() -> ConfigFile.decode("x.yaml", bytes))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(onlyProblem(e))
                        .startsWith("(file): not UTF-8 text (byte 0xe2 at line 1, column 4, offset 3)"));
    }

    @Test
    void utf8TextIsReadAsIs() throws Exception {
        Path file = Files.writeString(dir.resolve("ok.yaml"), "name: caf\u00e9 \u20ac\n", StandardCharsets.UTF_8);

        assertThat(ConfigFile.read(file)).isEqualTo("name: caf\u00e9 \u20ac\n");
    }

    @Test
    void aMissingFileAndADirectoryAreNamedWithWhy() {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> ConfigFile.read(missing)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.source()).isEqualTo(missing.toString());
            assertThat(e.problems())
                    .extracting(Problem::toString)
                    .containsExactly("(file): no such file (expected: a readable UTF-8 YAML file)");
        });
        assertThatThrownBy(() -> ConfigFile.read(dir)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.source()).isEqualTo(dir.toString());
            assertThat(onlyProblem(e)).startsWith("(file): a directory");
        });
    }
}
