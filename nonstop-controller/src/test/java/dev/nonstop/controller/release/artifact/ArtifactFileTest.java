package dev.nonstop.controller.release.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.controller.release.spec.InvalidReleaseSpecException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactFileTest {
    @TempDir
    Path dir;

    @Test
    void aRunnableJarIsReadWithItsChecksumSizeAndMainClass() throws Exception {
        Path jar = jar("app.jar", "dev.example.Main");

        ArtifactFile file = ArtifactFile.inspect(jar);

        byte[] bytes = Files.readAllBytes(jar);
        assertThat(file.sha256())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        assertThat(file.size()).isEqualTo(bytes.length);
        assertThat(file.mainClass()).isEqualTo("dev.example.Main");
        assertThat(file.path()).isEqualTo(jar);
    }

    @Test
    void etcPasswdIsRefusedNamingTheArtifactAndWhatWasExpected() {
        assertThatThrownBy(() -> ArtifactFile.inspect(Path.of("/etc/passwd")))
                .isInstanceOf(InvalidReleaseSpecException.class)
                .satisfies(e -> assertThat(((InvalidReleaseSpecException) e).problems())
                        .singleElement()
                        .satisfies(p -> assertThat(p.toString())
                                .isEqualTo("artifact: /etc/passwd (expected: a runnable jar with Main-Class in its"
                                        + " manifest)")));
    }

    @Test
    void aTextFileNamedJarIsRefused() throws IOException {
        Path text = Files.writeString(dir.resolve("app.jar"), "Main-Class: dev.example.Main\n");

        assertThatThrownBy(() -> ArtifactFile.inspect(text))
                .isInstanceOf(InvalidReleaseSpecException.class)
                .hasMessageContaining(
                        "artifact: " + text + " (expected: a runnable jar with Main-Class in its manifest)");
    }

    @Test
    void aJarWithoutMainClassIsRefused() throws IOException {
        Path library = jar("lib.jar", null);

        assertThatThrownBy(() -> ArtifactFile.inspect(library))
                .isInstanceOf(InvalidReleaseSpecException.class)
                .hasMessageContaining("artifact: " + library + " (a jar without Main-Class) (expected: a runnable jar");
    }

    @Test
    void aMissingFileAndADirectoryAreRefused() {
        assertThatThrownBy(() -> ArtifactFile.inspect(dir.resolve("missing.jar")))
                .hasMessageContaining("artifact: " + dir.resolve("missing.jar") + " (expected: an existing file");
        assertThatThrownBy(() -> ArtifactFile.inspect(dir))
                .hasMessageContaining("artifact: " + dir + " (expected: a regular file)");
        assertThatThrownBy(() -> ArtifactFile.inspect(null)).hasMessageContaining("artifact: null");
    }

    @Test
    void aVersionConflictNamesTheVersionAndBothChecksumsShort() {
        String known = "a".repeat(64);
        String offered = "b".repeat(64);

        VersionConflictException e = new VersionConflictException("shop", "v1", known, offered, "installed on h1");

        assertThat(e.getMessage())
                .isEqualTo("shop v1 is already known with sha256 aaaaaaaaaaaa (installed on h1), this artifact's"
                        + " sha256 is bbbbbbbbbbbb (expected: the same jar, or a new version name for a different"
                        + " one)");
        assertThat(e.knownSha256()).isEqualTo(known);
        assertThat(e.offeredSha256()).isEqualTo(offered);
    }

    private Path jar(String name, String mainClass) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (mainClass != null) {
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        }
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.putNextEntry(new JarEntry("dev/example/readme.txt"));
            jarOut.write("hello".getBytes(StandardCharsets.US_ASCII));
            jarOut.closeEntry();
        }
        return jar;
    }
}
