package dev.nonstop.cli.support;

/**
 * An option the command can tell is wrong before it does anything: {@code --batch: 0 (expected: >= 1)}. Thrown from
 * a command's {@code call()}, {@link CommandErrors} prints it on stderr after the command's name and exits
 * {@link dev.nonstop.cli.ExitCodes#USAGE}; nothing was started or sent.
 */
public final class InvalidOptionException extends RuntimeException {
    public InvalidOptionException(String option, Object value, String expected) {
        super(option + ": " + value + " (expected: " + expected + ")");
    }

    public InvalidOptionException(String message) {
        super(message);
    }
}
