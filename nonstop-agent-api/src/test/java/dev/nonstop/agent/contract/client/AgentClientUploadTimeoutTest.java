package dev.nonstop.agent.contract.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How long an artifact upload to an agent may take grows with the artifact. */
class AgentClientUploadTimeoutTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void smallAndTypicalJarsGetFiveMinutes() {
        assertThat(AgentClient.uploadTimeout(0)).isEqualTo(Duration.ofMinutes(5));
        assertThat(AgentClient.uploadTimeout(118 * MIB)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void largeJarsGetTimeAtTwoMebibytesASecondPlusTheAgentsInstall() {
        assertThat(AgentClient.uploadTimeout(2048 * MIB)).isEqualTo(Duration.ofSeconds(1024 + 30));
        assertThat(AgentClient.uploadTimeout(1024 * MIB)).isGreaterThan(AgentClient.uploadTimeout(600 * MIB));
    }

    @Test
    void aMissingArtifactIsNamedBeforeAnythingIsSent(@TempDir Path dir) {
        AgentClient client = AgentClient.create(URI.create("http://127.0.0.1:9"), "token");
        Path missing = dir.resolve("app-v2.jar");

        assertThatThrownBy(() -> client.install("shop", "v2", missing, null))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("artifact " + missing + ": no such file");
    }
}
