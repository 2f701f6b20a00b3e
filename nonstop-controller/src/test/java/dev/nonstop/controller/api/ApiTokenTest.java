package dev.nonstop.controller.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokenTest {
    @TempDir
    Path dir;

    @Test
    void aMissingTokenFileIsCreatedOwnerOnlyAndReadBack() throws IOException {
        Path file = dir.resolve("secrets/controller.token");

        ApiToken created = ApiToken.readOrCreate(file);
        String token = Files.readString(file).strip();

        assertThat(token).hasSize(43);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(created.matches(token)).isTrue();
        assertThat(ApiToken.readOrCreate(file).matches(token)).isTrue();
        assertThat(created.matches(token + "x")).isFalse();
        assertThat(created.matches(null)).isFalse();
    }

    @Test
    void theTokenIsNeverShown() {
        ApiToken token = ApiToken.of("s3cret-token");

        assertThat(token.toString()).doesNotContain("s3cret");
        assertThat(token.id()).startsWith("token:").hasSize(14).doesNotContain("s3cret");
    }

    @Test
    void anEmptyTokenFileIsAnError() throws IOException {
        Path file = Files.writeString(dir.resolve("empty.token"), "\n");

        assertThatThrownBy(() -> ApiToken.readOrCreate(file)).hasMessageContaining("is empty");
        assertThatThrownBy(() -> ApiToken.of(" ")).hasMessage("token: \"\" (expected: a non-empty token)");
    }
}
