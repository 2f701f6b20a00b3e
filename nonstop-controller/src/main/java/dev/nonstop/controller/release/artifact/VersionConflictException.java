package dev.nonstop.controller.release.artifact;

/**
 * A release offered a jar under a version name already known with another checksum: versions are immutable, so it
 * is refused before anything is created ({@code 409} from the API).
 */
public final class VersionConflictException extends RuntimeException {
    private final String app;
    private final String version;
    private final String knownSha256;
    private final String offeredSha256;

    /**
     * @param where where the known checksum comes from, for people: {@code "release 1b2c... (SUCCEEDED)"}, {@code
     *     "installed on 10.0.0.5"}
     */
    public VersionConflictException(
            String app, String version, String knownSha256, String offeredSha256, String where) {
        super(app + " " + version + " is already known with sha256 " + ArtifactFile.shortSha(knownSha256) + " ("
                + where + "), this artifact's sha256 is " + ArtifactFile.shortSha(offeredSha256)
                + " (expected: the same jar, or a new version name for a different one)");
        this.app = app;
        this.version = version;
        this.knownSha256 = knownSha256;
        this.offeredSha256 = offeredSha256;
    }

    public String app() {
        return app;
    }

    public String version() {
        return version;
    }

    /** The whole digest the version is known with. */
    public String knownSha256() {
        return knownSha256;
    }

    /** The whole digest of the offered artifact. */
    public String offeredSha256() {
        return offeredSha256;
    }
}
