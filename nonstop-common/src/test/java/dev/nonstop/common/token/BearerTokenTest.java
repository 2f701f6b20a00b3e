package dev.nonstop.common.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BearerTokenTest {

    @TempDir
    Path dir;

    @Test
    void aMissingTokenFileIsCreatedOwnerOnlyInAnOwnerOnlyDirectoryWithARandomToken() throws IOException {
        Path file = dir.resolve("new/admin.token");

        BearerToken token = BearerToken.readOrCreate(file, "admin token");

        String written = Files.readString(file).strip();
        assertThat(written).matches("[A-Za-z0-9_-]{43}");
        assertThat(token.matches(written)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(BearerToken.readOrCreate(file, "admin token").matches(written))
                .as("read back, not replaced")
                .isTrue();
    }

    @Test
    void anExistingTokenFileIsReadWithoutItsSurroundingWhiteSpaceAndLeftAsItIs() throws IOException {
        Path file = dir.resolve("agent.token");
        Files.writeString(file, "  my-own-token-1234567  \n");

        BearerToken token = BearerToken.readOrCreate(file, "agent token");

        assertThat(token.matches("my-own-token-1234567")).isTrue();
        assertThat(Files.readString(file)).isEqualTo("  my-own-token-1234567  \n");
    }

    @Test
    void anEmptyTokenFileIsRefusedNamingTheFile() throws IOException {
        Path file = dir.resolve("empty.token");
        Files.writeString(file, " \n");

        assertThatThrownBy(() -> BearerToken.readOrCreate(file, "controller API token"))
                .isInstanceOf(EmptyTokenFileException.class)
                .hasMessage("tokenFile: " + file.toAbsolutePath()
                        + " is empty (expected: a file holding the token; delete it to have a new one generated)")
                .satisfies(e -> assertThat(((EmptyTokenFileException) e).file()).isEqualTo(file.toAbsolutePath()));
    }

    @Test
    void everyGeneratedTokenIsDifferent() {
        assertThat(BearerToken.newRandomToken()).isNotEqualTo(BearerToken.newRandomToken());
    }

    @Test
    void onlyTheExactTokenMatchesAndTheTokenIsNeverShown() {
        BearerToken token = BearerToken.of(" s3cret-token-0123456 ", "admin token");

        assertThat(token.matches("s3cret-token-0123456")).isTrue();
        assertThat(token.matches("s3cret-token-012345")).isFalse();
        assertThat(token.matches("s3cret-token-01234567")).isFalse();
        assertThat(token.matches("")).isFalse();
        assertThat(token.matches(null)).isFalse();
        assertThat(token.toString()).isEqualTo("admin token[hidden]");
        assertThat(token.id()).matches("token:[0-9a-f]{8}").doesNotContain("s3cret");
        assertThat(token.id())
                .isEqualTo(BearerToken.of("s3cret-token-0123456", "other").id());
    }

    @Test
    void aBlankTokenIsRefused() {
        assertThatThrownBy(() -> BearerToken.of("  ", "admin token"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("token: \"\" (expected: a non-empty token)");
        assertThatThrownBy(() -> BearerToken.of(null, "admin token")).isInstanceOf(IllegalArgumentException.class);
    }
}
