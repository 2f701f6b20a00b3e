package dev.nonstop.agent.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.agent.TestApps;
import dev.nonstop.agent.contract.ArtifactConflictException;
import dev.nonstop.agent.contract.ChecksumMismatchException;
import dev.nonstop.agent.contract.InstallResult;
import dev.nonstop.agent.contract.InstalledArtifact;
import dev.nonstop.agent.contract.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoreTest {
    @TempDir
    Path tmp;

    private ArtifactStore store() {
        return new ArtifactStore(tmp.resolve("data"));
    }

    @Test
    void installCopiesTheJarIntoItsVersionDirectoryAndRecordsItsDigest() throws IOException {
        Path jar = TestApps.manifestOnlyJar(tmp.resolve("a.jar"), "one");

        InstallResult result = store().install("shop", "1.0.0", jar, null);

        Path installed = tmp.resolve("data/apps/shop/1.0.0/app.jar");
        assertThat(result.installed()).isTrue();
        assertThat(result.artifact().jar()).isEqualTo(installed.toAbsolutePath());
        assertThat(installed).hasSameBinaryContentAs(jar);
        assertThat(result.artifact().sha256()).isEqualTo(Sha256.of(Files.readAllBytes(jar)));
        assertThat(result.artifact().size()).isEqualTo(Files.size(jar));
        assertThat(store().get("shop", "1.0.0")).isEqualTo(result.artifact());
    }

    @Test
    void anUploadIsMovedIntoTheStoreNotCopiedAndLeftToItsOwnerWhenAlreadyInstalled() throws IOException {
        Files.createDirectories(tmp.resolve("data/uploads"));
        Path upload = TestApps.manifestOnlyJar(tmp.resolve("data/uploads/body-1.spool"), "one");
        String sha = Sha256.of(Files.readAllBytes(upload));
        Object fileKey = Files.readAttributes(upload, java.nio.file.attribute.BasicFileAttributes.class)
                .fileKey();

        InstallResult result = store().installMoving("shop", "1.0.0", upload, sha);

        Path installed = tmp.resolve("data/apps/shop/1.0.0/app.jar");
        assertThat(result.installed()).isTrue();
        assertThat(result.artifact().sha256()).isEqualTo(sha);
        assertThat(upload).doesNotExist();
        if (fileKey != null) {
            assertThat(Files.readAttributes(installed, java.nio.file.attribute.BasicFileAttributes.class)
                            .fileKey())
                    .as("the same inode: renamed, not copied")
                    .isEqualTo(fileKey);
        }
        Path again = TestApps.manifestOnlyJar(tmp.resolve("data/uploads/body-2.spool"), "one");
        assertThat(store().installMoving("shop", "1.0.0", again, null).installed())
                .isFalse();
        assertThat(again).as("its owner's to delete").exists();
    }

    @Test
    void anUploadWithAnotherDigestIsDeletedAndInstallsNothing() throws IOException {
        Files.createDirectories(tmp.resolve("data/uploads"));
        Path upload = TestApps.manifestOnlyJar(tmp.resolve("data/uploads/body-1.spool"), "one");

        assertThatThrownBy(() -> store().installMoving("shop", "1.0.0", upload, "ab".repeat(32)))
                .isInstanceOf(ChecksumMismatchException.class);

        assertThat(upload).doesNotExist();
        assertThat(store().apps()).isEmpty();
        try (Stream<Path> left = Files.list(tmp.resolve("data/apps/shop"))) {
            assertThat(left).as("no staging directory left behind").isEmpty();
        }
    }

    @Test
    void checksumMismatchNamesBothDigestsAndInstallsNothing() throws IOException {
        Path jar = TestApps.manifestOnlyJar(tmp.resolve("a.jar"), "one");
        String actual = Sha256.of(Files.readAllBytes(jar));
        String expected = "ab".repeat(32);

        assertThatThrownBy(() -> store().install("shop", "1.0.0", jar, expected))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining(expected)
                .hasMessageContaining(actual);

        assertThat(store().find("shop", "1.0.0")).isEmpty();
        assertThat(store().apps()).isEmpty();
        try (Stream<Path> left = Files.list(tmp.resolve("data/apps/shop"))) {
            assertThat(left).as("no staging directory left behind").isEmpty();
        }
    }

    @Test
    void expectedDigestInAnyCaseIsAccepted() throws IOException {
        Path jar = TestApps.manifestOnlyJar(tmp.resolve("a.jar"), "one");
        String digest = Sha256.of(Files.readAllBytes(jar));

        InstallResult result = store().install("shop", "1.0.0", jar, digest.toUpperCase());

        assertThat(result.artifact().sha256()).isEqualTo(digest);
    }

    @Test
    void installingTheSameVersionWithTheSameDigestAgainIsANoOp() {
        Path jar = TestApps.manifestOnlyJar(tmp.resolve("a.jar"), "one");
        InstallResult first = store().install("shop", "1.0.0", jar, null);

        InstallResult again =
                store().install("shop", "1.0.0", jar, first.artifact().sha256());

        assertThat(again.installed()).isFalse();
        assertThat(again.artifact()).isEqualTo(first.artifact());
    }

    @Test
    void installingTheSameVersionWithOtherContentIsRefusedAndKeepsTheInstalledJar() throws IOException {
        Path one = TestApps.manifestOnlyJar(tmp.resolve("one.jar"), "one");
        Path two = TestApps.manifestOnlyJar(tmp.resolve("two.jar"), "two");
        store().install("shop", "1.0.0", one, null);

        assertThatThrownBy(() -> store().install("shop", "1.0.0", two, null))
                .isInstanceOf(ArtifactConflictException.class)
                .hasMessageContaining("shop 1.0.0 is already installed");

        assertThat(tmp.resolve("data/apps/shop/1.0.0/app.jar")).hasSameBinaryContentAs(one);
    }

    @Test
    void namesThatCouldEscapeTheDataDirectoryAreRefusedNamingTheField() {
        Path jar = TestApps.manifestOnlyJar(tmp.resolve("a.jar"), "one");

        assertThatThrownBy(() -> store().install("shop", "../x", jar, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("version: ../x (expected: letters, digits, '.', '_' or '-')");
        assertThatThrownBy(() -> store().install("a/b", "1", jar, null))
                .hasMessage("app: a/b (expected: letters, digits, '.', '_' or '-')");
        assertThatThrownBy(() -> store().install("..", "1", jar, null)).hasMessageStartingWith("app: ..");
        assertThatThrownBy(() -> store().install("shop", "v".repeat(65), jar, null))
                .hasMessageContaining("at most 64 characters");
        assertThat(tmp.resolve("data/apps")).doesNotExist();
    }

    @Test
    void malformedExpectedDigestIsRefused() {
        Path jar = TestApps.manifestOnlyJar(tmp.resolve("a.jar"), "one");

        assertThatThrownBy(() -> store().install("shop", "1", jar, "abc"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("sha256: abc (expected: 64 hex digits)");
    }

    @Test
    void somethingThatIsNotARunnableJarIsRefused() throws IOException {
        Path text = Files.writeString(tmp.resolve("notes.jar"), "not a jar");

        assertThatThrownBy(() -> store().install("shop", "1", text, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("artifact: not a jar");
        assertThat(store().find("shop", "1")).isEmpty();
    }

    @Test
    void listsInstalledVersionsPerApp() {
        ArtifactStore store = store();
        store.install("shop", "2", TestApps.manifestOnlyJar(tmp.resolve("2.jar"), "2"), null);
        store.install("shop", "1", TestApps.manifestOnlyJar(tmp.resolve("1.jar"), "1"), null);
        store.install("blog", "7", TestApps.manifestOnlyJar(tmp.resolve("7.jar"), "7"), null);

        assertThat(store.versions("shop"))
                .extracting(InstalledArtifact::version)
                .containsExactly("1", "2");
        assertThat(store.apps()).containsOnlyKeys("blog", "shop");
        assertThat(store.versions("unknown")).isEmpty();
    }
}
