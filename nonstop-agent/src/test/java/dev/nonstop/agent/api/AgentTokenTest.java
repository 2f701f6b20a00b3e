package dev.nonstop.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentTokenTest {

    @Test
    void missingTokenFileIsCreatedOwnerOnly(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sub/agent.token");

        AgentToken token = AgentToken.readOrCreate(file);

        String written = Files.readString(file).strip();
        assertThat(written).matches("[A-Za-z0-9_-]{43}");
        assertThat(token.matches(written)).isTrue();
        assertThat(token.matches(written + "x")).isFalse();
        assertThat(token.matches(null)).isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(AgentToken.readOrCreate(file).matches(written)).isTrue();
        assertThat(token.toString()).doesNotContain(written);
    }
}
