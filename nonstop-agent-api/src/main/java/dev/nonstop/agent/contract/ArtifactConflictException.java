package dev.nonstop.agent.contract;

/** The version is already installed with another digest; versions are immutable, so it is refused. */
public final class ArtifactConflictException extends AgentException {
    public ArtifactConflictException(String app, String version, String installedSha256, String offeredSha256) {
        super(app + " " + version + " is already installed with sha256 " + installedSha256 + ", refusing "
                + offeredSha256 + " (expected: a new version for new content)");
    }
}
