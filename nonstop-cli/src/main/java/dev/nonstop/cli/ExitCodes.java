package dev.nonstop.cli;

/** What the exit status of a {@code nonstop} command means. */
final class ExitCodes {
    static final int OK = 0;
    /** Something failed while running: a port in use, an unreadable file. */
    static final int FAILURE = 1;
    /** Bad usage or configuration: nothing was started. Picocli uses 2 for usage errors too. */
    static final int USAGE = 2;

    private ExitCodes() {}
}
