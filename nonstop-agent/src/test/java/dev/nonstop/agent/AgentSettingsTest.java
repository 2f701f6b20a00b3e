package dev.nonstop.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.agent.contract.InstanceSpec;
import dev.nonstop.agent.contract.InvalidInputException;
import dev.nonstop.common.problem.Problem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentSettingsTest {

    @Test
    void defaultsRunAppsWithTheAgentsOwnJava() {
        AgentSettings settings = AgentSettings.builder().build();

        assertThat(settings.javaCommand()).startsWith(System.getProperty("java.home"));
        assertThat(settings.defaultStopTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.execPrefix()).isEmpty();
        assertThat(settings.maxArtifactBytes()).isEqualTo(2L * 1024 * 1024 * 1024);
        assertThat(settings.toBuilder().maxArtifactBytes(5).build().toBuilder()
                        .build()
                        .maxArtifactBytes())
                .isEqualTo(5);
        assertThat(settings.toBuilder().execPrefix(java.util.List.of("nice", "-n", "5")).build().toBuilder()
                        .build()
                        .execPrefix())
                .containsExactly("nice", "-n", "5");
        assertThat(settings.toBuilder().dataDir(Path.of("x")).build().javaCommand())
                .isEqualTo(settings.javaCommand());
    }

    @Test
    void everySettingIsValidatedWhenSet() {
        assertThatThrownBy(() -> AgentSettings.builder().defaultStopTimeout(Duration.ofSeconds(-1)))
                .hasMessage("defaultStopTimeout: PT-1S (expected: > 0)");
        assertThatThrownBy(() -> AgentSettings.builder().javaCommand(" "))
                .hasMessage("javaCommand:   (expected: a java executable)");
        assertThatThrownBy(() -> AgentSettings.builder().dataDir(null))
                .hasMessage("dataDir: null (expected: a directory)");
        assertThatThrownBy(() -> AgentSettings.builder().execPrefix(java.util.List.of("taskset", " ")))
                .hasMessage("execPrefix: [taskset,  ] (expected: a command and its arguments, none blank)");
        assertThatThrownBy(() -> AgentSettings.builder().maxArtifactBytes(0))
                .hasMessage("maxArtifactBytes: 0 (expected: > 0)");
    }

    @Test
    void instanceSpecNamesEveryProblem() {
        assertThatThrownBy(() -> new InstanceSpec("i-1", "shop", "1", 70000, Map.of(), List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("port: 70000 (expected: 1-65535)");
        assertThatThrownBy(() -> new InstanceSpec("../i", "shop", "1", 0, Map.of("PORT", "1"), List.of("-jar")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems())
                        .extracting(Problem::path)
                        .containsExactly("instanceId", "port", "env.PORT", "jvmArgs[0]"));
    }
}
