package dev.nonstop.agent.artifact;

import dev.nonstop.agent.contract.ArtifactConflictException;
import dev.nonstop.agent.contract.ArtifactNotFoundException;
import dev.nonstop.agent.contract.ChecksumMismatchException;
import dev.nonstop.agent.contract.InstallResult;
import dev.nonstop.agent.contract.InstalledArtifact;
import dev.nonstop.agent.contract.InvalidInputException;
import dev.nonstop.common.problem.Problem;
import dev.nonstop.common.text.Names;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Installed app versions under {@code <dataDir>/apps/<app>/<version>/}: {@code app.jar} and {@code
 * app.jar.sha256}. An install is staged in {@code <dataDir>/apps/<app>/.staging-<uuid>/}, verified
 * (digest, runnable jar) and then renamed into place in one atomic move, so a reader never sees a
 * half-copied version. An upload the agent received in its data directory is moved into the staging directory (a
 * rename, {@link #installMoving}) rather than copied. Installs are serialised by the store; reads are not.
 */
public final class ArtifactStore {
    static final String JAR = "app.jar";
    static final String DIGEST = "app.jar.sha256";
    private static final String STAGING_PREFIX = ".staging-";

    private final Path appsDir;

    public ArtifactStore(Path dataDir) {
        this.appsDir = dataDir.toAbsolutePath().resolve("apps");
    }

    /**
     * Installs {@code artifact} as {@code version} of {@code app}.
     *
     * @param expectedSha256 the digest the caller expects (hex), or null to compute and record it
     * @throws InvalidInputException for a bad name or digest, or an artifact that is not a runnable jar
     * @throws ChecksumMismatchException when the artifact's digest is not {@code expectedSha256}
     * @throws ArtifactConflictException when the version is installed with another digest
     * @throws UncheckedIOException when the artifact cannot be read or the store written
     */
    public InstallResult install(String app, String version, Path artifact, String expectedSha256) {
        return install(app, version, artifact, expectedSha256, false);
    }

    /**
     * Installs {@code upload} as {@code version} of {@code app} as {@link #install} does, but moves the file into the
     * store instead of copying it: a rename when it is on the store's file system (an upload spooled in the data
     * directory), a copy and a delete otherwise. Once the version is checked and not installed yet, {@code upload} is
     * taken whatever happens next (a wrong digest, not a runnable jar: it is deleted with the staging directory);
     * before that (a bad name, installed already) it is left where it is, its owner's to delete.
     *
     * @throws InvalidInputException for a bad name or digest, or an upload that is not a runnable jar
     * @throws ChecksumMismatchException when the upload's digest is not {@code expectedSha256}
     * @throws ArtifactConflictException when the version is installed with another digest
     * @throws UncheckedIOException when the upload cannot be read or moved or the store written
     */
    public InstallResult installMoving(String app, String version, Path upload, String expectedSha256) {
        return install(app, version, upload, expectedSha256, true);
    }

    private synchronized InstallResult install(
            String app, String version, Path artifact, String expectedSha256, boolean move) {
        validate(app, version);
        String expected = Sha256.normalize("sha256", expectedSha256);
        if (artifact == null || !Files.isRegularFile(artifact)) {
            throw new InvalidInputException(Problem.of("artifact", artifact, "an existing file"));
        }
        try {
            Optional<InstalledArtifact> existing = find(app, version);
            if (existing.isPresent()) {
                return alreadyInstalled(existing.get(), expected, digestOf(artifact));
            }
            Path appDir = Files.createDirectories(appsDir.resolve(app));
            Path staging = appDir.resolve(STAGING_PREFIX + UUID.randomUUID());
            Files.createDirectory(staging);
            try {
                Path stagedJar = staging.resolve(JAR);
                String actual;
                if (move) {
                    Files.move(artifact, stagedJar);
                    actual = digestOf(stagedJar);
                } else {
                    actual = copyAndDigest(artifact, stagedJar);
                }
                if (expected != null && !expected.equals(actual)) {
                    throw new ChecksumMismatchException(app, version, expected, actual);
                }
                requireRunnableJar(stagedJar);
                Files.writeString(staging.resolve(DIGEST), actual + "  " + JAR + "\n", StandardCharsets.US_ASCII);
                Path target = appDir.resolve(version);
                try {
                    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
                    // Another process installed it in between: same rules as if it had been there.
                    return alreadyInstalled(find(app, version).orElseThrow(() -> raced), expected, actual);
                }
                return new InstallResult(read(app, version), true);
            } finally {
                deleteRecursively(staging);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("install " + app + " " + version + ": " + e.getMessage(), e);
        }
    }

    private static InstallResult alreadyInstalled(InstalledArtifact installed, String expected, String actual) {
        if (expected != null && !expected.equals(actual)) {
            throw new ChecksumMismatchException(installed.app(), installed.version(), expected, actual);
        }
        if (!installed.sha256().equals(actual)) {
            throw new ArtifactConflictException(installed.app(), installed.version(), installed.sha256(), actual);
        }
        return new InstallResult(installed, false);
    }

    /** The installed version, if any. */
    public Optional<InstalledArtifact> find(String app, String version) {
        validate(app, version);
        Path dir = appsDir.resolve(app).resolve(version);
        if (!Files.isRegularFile(dir.resolve(DIGEST))) {
            return Optional.empty();
        }
        try {
            return Optional.of(read(app, version));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The installed version.
     *
     * @throws ArtifactNotFoundException when it is not installed
     */
    public InstalledArtifact get(String app, String version) {
        return find(app, version).orElseThrow(() -> new ArtifactNotFoundException(app, version));
    }

    /** The installed versions of {@code app}, sorted by version name; empty for an unknown app. */
    public List<InstalledArtifact> versions(String app) {
        InvalidInputException.requireName("app", app);
        Path appDir = appsDir.resolve(app);
        if (!Files.isDirectory(appDir)) {
            return List.of();
        }
        List<InstalledArtifact> result = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(appDir)) {
            for (Path dir : dirs.sorted(Comparator.comparing(Path::toString)).toList()) {
                String name = dir.getFileName().toString();
                if (!name.startsWith(STAGING_PREFIX) && Names.isName(name)) {
                    find(app, name).ifPresent(result::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(result);
    }

    /** Every app with at least one installed version, sorted by app name. */
    public Map<String, List<InstalledArtifact>> apps() {
        Map<String, List<InstalledArtifact>> result = new TreeMap<>();
        if (!Files.isDirectory(appsDir)) {
            return result;
        }
        try (Stream<Path> dirs = Files.list(appsDir)) {
            for (Path dir : dirs.toList()) {
                String app = dir.getFileName().toString();
                if (Files.isDirectory(dir) && Names.isName(app)) {
                    List<InstalledArtifact> versions = versions(app);
                    if (!versions.isEmpty()) {
                        result.put(app, versions);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    private static void validate(String app, String version) {
        List<Problem> problems = new ArrayList<>();
        Names.check("app", app).ifPresent(problems::add);
        Names.check("version", version).ifPresent(problems::add);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    private InstalledArtifact read(String app, String version) throws IOException {
        Path dir = appsDir.resolve(app).resolve(version);
        String line =
                Files.readString(dir.resolve(DIGEST), StandardCharsets.US_ASCII).strip();
        int space = line.indexOf(' ');
        String sha = space < 0 ? line : line.substring(0, space);
        Path jar = dir.resolve(JAR);
        return new InstalledArtifact(app, version, sha, Files.size(jar), jar);
    }

    private static String copyAndDigest(Path from, Path to) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        try (InputStream in = Files.newInputStream(from);
                OutputStream out = new DigestOutputStream(Files.newOutputStream(to), digest)) {
            in.transferTo(out);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String digestOf(Path file) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            Files.copy(file, out);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void requireRunnableJar(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            var manifest = file.getManifest();
            if (manifest == null || manifest.getMainAttributes().getValue("Main-Class") == null) {
                throw new InvalidInputException(Problem.of(
                        "artifact", "a jar without Main-Class", "a runnable jar (Main-Class in its manifest)"));
            }
        } catch (IOException e) {
            throw new InvalidInputException(
                    Problem.of("artifact", "not a jar (" + e.getMessage() + ")", "a runnable jar"));
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.notExists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
