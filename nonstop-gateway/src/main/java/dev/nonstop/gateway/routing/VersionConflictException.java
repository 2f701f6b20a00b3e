package dev.nonstop.gateway.routing;

/** A table replacement lost an optimistic version check; the caller should re-read and retry. */
public final class VersionConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long currentVersion;

    public VersionConflictException(String message, long currentVersion) {
        super(message);
        this.currentVersion = currentVersion;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
