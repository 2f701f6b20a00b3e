package dev.nonstop.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nonstop.common.problem.Problem;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldReaderTest {
    private final FieldReader reader = new FieldReader();

    private Map<String, String> env(String yaml) {
        JsonNode written = TreeParser.yamlAsWritten("test", yaml);
        return reader.stringMap(written, "app", "env");
    }

    private java.util.List<String> problems() {
        return reader.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void aMapOrAListGivenAsAStringValueIsRefusedNamingItsPath() {
        Map<String, String> env = env(
                """
                env:
                  SECRET: { nested: value }
                  HOSTS: [a, b]
                  OK: fine
                """);

        assertThat(problems())
                .containsExactly(
                        "app.env.SECRET: an object (expected: a string)", "app.env.HOSTS: a list (expected: a string)");
        assertThat(env).containsExactly(Map.entry("OK", "fine"));
    }

    @Test
    void everyScalarIsTakenExactlyAsWritten() {
        Map<String, String> env = env(
                """
                env:
                  PORT: 8080
                  MODE: 0755
                  DEBUG: on
                  ENABLED: true
                  VERSION: 1.10
                  QUOTED: "0755"
                  EMPTY: ""
                """);

        assertThat(problems()).isEmpty();
        assertThat(env)
                .containsExactly(
                        Map.entry("PORT", "8080"),
                        Map.entry("MODE", "0755"),
                        Map.entry("DEBUG", "on"),
                        Map.entry("ENABLED", "true"),
                        Map.entry("VERSION", "1.10"),
                        Map.entry("QUOTED", "0755"),
                        Map.entry("EMPTY", ""));
    }

    @Test
    void aValueLeftOutAndANameWithAnEqualsSignAreRefused() {
        env("env:\n  LEFT_OUT:\n  \"A=B\": x\n");

        assertThat(problems())
                .containsExactly(
                        "app.env.LEFT_OUT: no value (expected: a string; write \"\" for an empty one)",
                        "app.env: \"A=B\" (expected: names that are not empty and hold no '=')");
    }

    @Test
    void aScalarGivenWhereAMapOfStringsIsExpectedIsRefused() {
        assertThat(env("env: SECRET=x\n")).isEmpty();

        assertThat(problems()).containsExactly("app.env: SECRET=x (expected: a map of names to strings)");
    }

    @Test
    void aDecimalGivenForAStringIsRefusedRatherThanSilentlyRewritten() {
        JsonNode node = TreeParser.yaml("test", "version: 1.10\nbuild: 42\n");

        assertThat(reader.string(node, "", "version", "")).isEmpty();
        assertThat(reader.string(node, "", "build", "")).isEqualTo("42");
        assertThat(problems())
                .containsExactly("version: 1.1 (expected: a string; quote it, unquoted YAML reads it as a number)");
    }
}
