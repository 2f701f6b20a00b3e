package dev.nonstop.controller.release.artifact;

import dev.nonstop.common.problem.Problem;
import dev.nonstop.controller.release.spec.InvalidReleaseSpecException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * A release's artifact as the controller read it: a runnable jar, its SHA-256 and its main class. Spring Boot fat
 * jars qualify: their {@code Main-Class} is the launcher.
 *
 * @param sha256 lower-case hex
 */
public record ArtifactFile(Path path, String sha256, long size, String mainClass) {

    /** What an artifact must be, as every refusal says it. */
    public static final String EXPECTED = "a runnable jar with Main-Class in its manifest";

    /**
     * Reads {@code path}: it must be a regular file the controller can read, a jar (zip) whose manifest names a
     * {@code Main-Class}.
     *
     * @throws InvalidReleaseSpecException with one problem naming {@code artifact}: {@code artifact: /etc/passwd
     *     (expected: a runnable jar with Main-Class in its manifest)}
     */
    public static ArtifactFile inspect(Path path) {
        if (path == null) {
            throw refused("null", "the path of the artifact to release");
        }
        if (!Files.exists(path)) {
            throw refused(path.toString(), "an existing file the controller can read");
        }
        if (!Files.isRegularFile(path)) {
            throw refused(path.toString(), "a regular file");
        }
        if (!Files.isReadable(path)) {
            throw refused(path + " (not readable by the controller)", EXPECTED);
        }
        String mainClass = mainClass(path);
        MessageDigest digest = sha256Digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
            long size = in.transferTo(OutputStream.nullOutputStream());
            return new ArtifactFile(path, HexFormat.of().formatHex(digest.digest()), size, mainClass);
        } catch (IOException e) {
            throw refused(path + " (unreadable: " + e.getMessage() + ")", EXPECTED);
        }
    }

    /** The first 12 hex digits of a digest, to show to people; the whole digest is what is compared. */
    public static String shortSha(String sha256) {
        return sha256 == null ? "none" : sha256.substring(0, Math.min(12, sha256.length()));
    }

    /** Whether two hex digests are the same, ignoring case. */
    public static boolean sameSha(String a, String b) {
        return a != null && b != null && a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }

    private static String mainClass(Path path) {
        Manifest manifest;
        try (JarFile jar = new JarFile(path.toFile())) {
            manifest = jar.getManifest();
        } catch (IOException | SecurityException e) {
            // not a zip at all (a text file, /etc/passwd), or a damaged one
            throw refused(path.toString(), EXPECTED);
        }
        String mainClass =
                manifest == null ? null : manifest.getMainAttributes().getValue("Main-Class");
        if (mainClass == null || mainClass.isBlank()) {
            throw refused(path + " (a jar without Main-Class)", EXPECTED);
        }
        return mainClass.strip();
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static InvalidReleaseSpecException refused(String value, String expected) {
        return new InvalidReleaseSpecException(List.of(Problem.of("artifact", value, expected)));
    }
}
