package dev.nonstop.agent.contract;

/** The artifact's SHA-256 is not the one the caller expected; nothing was installed. */
public final class ChecksumMismatchException extends AgentException {
    private final String app;
    private final String version;
    private final String expected;
    private final String actual;

    public ChecksumMismatchException(String app, String version, String expected, String actual) {
        super("checksum mismatch for " + app + " " + version + ": expected sha256 " + expected + ", got " + actual
                + "; nothing installed");
        this.app = app;
        this.version = version;
        this.expected = expected;
        this.actual = actual;
    }

    public String app() {
        return app;
    }

    public String version() {
        return version;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }
}
