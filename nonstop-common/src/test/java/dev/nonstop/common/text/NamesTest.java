package dev.nonstop.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.common.problem.Problem;
import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void lettersDigitsDotsUnderscoresAndDashesUpTo64AreNames() {
        assertThat(Names.isName("shop")).isTrue();
        assertThat(Names.isName("v1.2.3_rc-1")).isTrue();
        assertThat(Names.isName("a".repeat(64))).isTrue();
        assertThat(Names.check("app", "shop")).isEmpty();
    }

    @Test
    void pathsEmptyAndOverlongValuesAreRefusedNamingTheField() {
        assertThat(Names.isName(null)).isFalse();
        assertThat(Names.isName("")).isFalse();
        assertThat(Names.isName(".")).isFalse();
        assertThat(Names.isName("..")).isFalse();
        assertThat(Names.isName("a b")).isFalse();
        assertThat(Names.check("version", "../x").map(Problem::toString))
                .contains("version: ../x (expected: letters, digits, '.', '_' or '-')");
        assertThat(Names.check("app", "a".repeat(65)).map(Problem::toString))
                .hasValueSatisfying(p -> assertThat(p).contains("at most 64 characters"));
    }
}
