package dev.nonstop.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigValuesTest {

    @ParameterizedTest
    @CsvSource({
        "500ms, PT0.5S",
        "2s, PT2S",
        "1m, PT1M",
        "1h, PT1H",
        "1d, PT24H",
        "PT2S, PT2S",
        "pt1m30s, PT1M30S",
        "P1D, PT24H",
        "P1DT2H, PT26H",
        "-5s, PT-5S"
    })
    void theOneDurationGrammarReadsShortIsoAndDayForms(String text, String expected) {
        assertThat(ConfigValues.parseDuration(text)).contains(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "30", "2 s", "1w", "soon", "P", "PT"})
    void anythingElseIsNotADuration(String text) {
        assertThat(ConfigValues.parseDuration(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"500ms", "2s", "1m", "1h", "1d", "1500ms", "90s", "PT0.000001S"})
    void formattedDurationsReadBack(String text) {
        Duration d = ConfigValues.parseDuration(text).orElseThrow();
        assertThat(ConfigValues.parseDuration(ConfigValues.formatDuration(d))).contains(d);
    }
}
