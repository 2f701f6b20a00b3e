package dev.nonstop.cli;

/**
 * What the exit status of a {@code nonstop} command means; every command returns one of these, never a literal.
 * The values are a contract with the scripts that run {@code nonstop} (documented in the README and in each
 * command's {@code --help}): they do not change.
 */
public final class ExitCodes {
    /** Done: the command did what it was asked (a release that succeeded, a demo with no failed request). */
    public static final int OK = 0;
    /** Something failed while running: a port in use, an unreadable file, a release that failed, no controller. */
    public static final int FAILURE = 1;
    /** Bad usage or configuration: nothing was started. Picocli uses 2 for usage errors too. */
    public static final int USAGE = 2;

    private ExitCodes() {}
}
