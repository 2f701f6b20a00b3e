package dev.nonstop.sample.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SampleConfigParserTest {

    private final SampleConfigParser parser = new SampleConfigParser(() -> "host-42");

    private SampleConfig parse(Map<String, String> env, String... args) {
        return parser.parse(env, List.of(args));
    }

    @Test
    void onlyThePortIsRequired() {
        SampleConfig config = parse(Map.of("PORT", "8080"));

        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.instanceId()).isEqualTo("host-42");
        assertThat(config.usesDevSessionSecret()).isTrue();
        assertThat(config.appToken()).isEmpty();
        assertThat(config.startupDelay()).isEqualTo(Duration.ofMillis(300));
        assertThat(config.failHealth()).isFalse();
        assertThat(config.failSmoke()).isFalse();
        assertThat(config.stopTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void everyVariableIsRead() {
        SampleConfig config = parse(Map.of(
                "PORT", "0",
                "HOST", "localhost",
                "NONSTOP_INSTANCE_ID", "app-1",
                "SAMPLE_SESSION_SECRET", "s3cret",
                "NONSTOP_APP_TOKEN", "tok",
                "SAMPLE_STARTUP_DELAY_MS", "0",
                "SAMPLE_FAIL_HEALTH", "true",
                "SAMPLE_FAIL_SMOKE", "TRUE",
                "SAMPLE_STOP_TIMEOUT_MS", "1500"));

        assertThat(config.port()).isZero();
        assertThat(config.host()).isEqualTo("localhost");
        assertThat(config.instanceId()).isEqualTo("app-1");
        assertThat(config.sessionSecret()).isEqualTo("s3cret");
        assertThat(config.usesDevSessionSecret()).isFalse();
        assertThat(config.appToken()).contains("tok");
        assertThat(config.startupDelay()).isZero();
        assertThat(config.failHealth()).isTrue();
        assertThat(config.failSmoke()).isTrue();
        assertThat(config.stopTimeout()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void argumentsOverrideTheEnvironmentInAnySpelling() {
        SampleConfig config = parse(
                Map.of("PORT", "8080", "NONSTOP_INSTANCE_ID", "from-env"),
                "--port=9090",
                "--nonstop-instance-id=from-args",
                "--SAMPLE_FAIL_SMOKE=true");

        assertThat(config.port()).isEqualTo(9090);
        assertThat(config.instanceId()).isEqualTo("from-args");
        assertThat(config.failSmoke()).isTrue();
    }

    @Test
    void emptyValuesCountAsUnset() {
        SampleConfig config = parse(Map.of("PORT", "1", "NONSTOP_APP_TOKEN", ""), "--host=");

        assertThat(config.appToken()).isEmpty();
        assertThat(config.host()).isEqualTo("127.0.0.1");
    }

    @Test
    void theSecretsStayOutOfToString() {
        assertThat(parse(Map.of("PORT", "1", "SAMPLE_SESSION_SECRET", "s3cret", "NONSTOP_APP_TOKEN", "t0ken"))
                        .toString())
                .doesNotContain("s3cret", "t0ken");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            PORT                    | abc    | PORT: abc (expected: a port 1-65535, or 0 for an ephemeral port)
            PORT                    | 65536  | PORT: 65536 (expected: a port 1-65535, or 0 for an ephemeral port)
            PORT                    | -1     | PORT: -1 (expected: a port 1-65535, or 0 for an ephemeral port)
            HOST                    | no.such.host.invalid | HOST: no.such.host.invalid (expected: an IP address or a host name that resolves)
            NONSTOP_INSTANCE_ID     | a b    | NONSTOP_INSTANCE_ID: a b (expected: 1-128 printable ASCII characters without spaces)
            SAMPLE_STARTUP_DELAY_MS | soon   | SAMPLE_STARTUP_DELAY_MS: soon (expected: milliseconds 0-600000)
            SAMPLE_STARTUP_DELAY_MS | -5     | SAMPLE_STARTUP_DELAY_MS: -5 (expected: milliseconds 0-600000)
            SAMPLE_FAIL_HEALTH      | yes    | SAMPLE_FAIL_HEALTH: yes (expected: true or false)
            SAMPLE_FAIL_SMOKE       | 1      | SAMPLE_FAIL_SMOKE: 1 (expected: true or false)
            SAMPLE_STOP_TIMEOUT_MS  | 1h     | SAMPLE_STOP_TIMEOUT_MS: 1h (expected: milliseconds 0-3600000)
            SAMPLE_STOP_TIMEOUT_MS  | 3600001 | SAMPLE_STOP_TIMEOUT_MS: 3600001 (expected: milliseconds 0-3600000)
            """)
    void aBadValueIsNamedWithWhatWasExpected(String key, String value, String message) {
        Map<String, String> env = key.equals("PORT") ? Map.of("PORT", value) : Map.of("PORT", "0", key, value);

        assertThatThrownBy(() -> parse(env)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void aMissingPortIsNamed() {
        assertThatThrownBy(() -> parse(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("PORT: missing (expected: a port 1-65535, or 0 for an ephemeral port)");
    }

    @Test
    void anUnknownArgumentListsTheKnownOnes() {
        assertThatThrownBy(() -> parse(Map.of("PORT", "0"), "--prot=8080"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("argument: --prot=8080 (expected: one of --PORT, --HOST,");
    }

    @Test
    void anArgumentWithoutValueIsRefused() {
        assertThatThrownBy(() -> parse(Map.of("PORT", "0"), "--port"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("argument: --port (expected: --KEY=value, such as --PORT=8080)");
    }
}
