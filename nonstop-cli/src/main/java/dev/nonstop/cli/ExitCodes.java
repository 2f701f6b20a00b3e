package dev.nonstop.cli;

/** What the exit status of a {@code nonstop} command means. */
public final class ExitCodes {
    public static final int OK = 0;
    /** Something failed while running: a port in use, an unreadable file. */
    public static final int FAILURE = 1;
    /** Bad usage or configuration: nothing was started. Picocli uses 2 for usage errors too. */
    public static final int USAGE = 2;

    private ExitCodes() {}
}
