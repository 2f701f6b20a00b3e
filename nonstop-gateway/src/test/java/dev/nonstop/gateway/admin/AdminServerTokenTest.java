package dev.nonstop.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.common.config.ConfigException;
import dev.nonstop.gateway.config.AdminSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the admin token comes from ({@link AdminServer#token}); reading and creating token files is {@link
 * dev.nonstop.common.token.BearerToken}'s, tested in nonstop-common.
 */
class AdminServerTokenTest {
    private static final InetSocketAddress LISTEN = new InetSocketAddress("127.0.0.1", 0);

    @Test
    void aMissingTokenFileIsCreatedAndAnExistingOneReadNotReplaced(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(".nonstop/gateway.token");

        AdminServer.token(new AdminSettings(LISTEN, file, null));
        String created = Files.readString(file).strip();

        assertThat(AdminServer.token(new AdminSettings(LISTEN, file, null)).matches(created))
                .isTrue();
        assertThat(Files.readString(file).strip()).isEqualTo(created);
    }

    @Test
    void anEmptyTokenFileIsAConfigProblem(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "\n");

        assertThatThrownBy(() -> AdminServer.token(new AdminSettings(LISTEN, file, null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("admin.tokenFile")
                .hasMessageContaining("is empty");
    }

    @Test
    void anInlineTokenFromTheSettingsIsUsedWithoutAFile() throws IOException {
        AdminSettings settings = new AdminSettings(LISTEN, null, "inline-token-0123456");

        assertThat(AdminServer.token(settings).matches("inline-token-0123456")).isTrue();
    }
}
