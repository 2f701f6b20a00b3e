package dev.nonstop.agent.contract;

/** No such app version is installed on this host. */
public final class ArtifactNotFoundException extends AgentException {
    public ArtifactNotFoundException(String app, String version) {
        super(app + " " + version + " is not installed (expected: install it first)");
    }
}
