package dev.nonstop.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.common.config.ConfigException;
import dev.nonstop.gateway.config.AdminSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {

    @Test
    void missingTokenFileIsCreatedOwnerOnlyWithARandomToken(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(".nonstop/sub/gateway.token");

        AdminToken token = AdminToken.readOrCreate(file);

        String written = Files.readString(file).strip();
        assertThat(written).matches("[A-Za-z0-9_-]{43}");
        assertThat(token.matches(written)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void existingTokenFileIsReadNotReplaced(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "  my-own-token-1234567  \n");

        AdminToken token = AdminToken.readOrCreate(file);

        assertThat(token.matches("my-own-token-1234567")).isTrue();
        assertThat(Files.readString(file)).isEqualTo("  my-own-token-1234567  \n");
    }

    @Test
    void everyGeneratedTokenIsDifferent() {
        assertThat(AdminToken.newRandomToken()).isNotEqualTo(AdminToken.newRandomToken());
    }

    @Test
    void emptyTokenFileIsAConfigProblem(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "\n");

        assertThatThrownBy(() -> AdminToken.readOrCreate(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("admin.tokenFile")
                .hasMessageContaining("is empty");
    }

    @Test
    void matchesOnlyTheExactToken() {
        AdminToken token = AdminToken.of("s3cret-token-0123456");

        assertThat(token.matches("s3cret-token-0123456")).isTrue();
        assertThat(token.matches("s3cret-token-012345")).isFalse();
        assertThat(token.matches("s3cret-token-01234567")).isFalse();
        assertThat(token.matches("")).isFalse();
        assertThat(token.matches(null)).isFalse();
        assertThat(token.toString()).doesNotContain("s3cret");
    }

    @Test
    void inlineTokenFromSettingsIsUsedWithoutAFile() throws IOException {
        AdminSettings settings = new AdminSettings(new InetSocketAddress("127.0.0.1", 0), null, "inline-token-0123456");

        assertThat(AdminToken.resolve(settings).matches("inline-token-0123456")).isTrue();
    }
}
