package dev.nonstop.cli.release;

/**
 * An option the command can tell is wrong before it calls the controller: {@code --batch: 0 (expected: >= 1)}.
 * Exit 2, nothing sent.
 */
public final class InvalidOptionException extends RuntimeException {
    public InvalidOptionException(String option, Object value, String expected) {
        super(option + ": " + value + " (expected: " + expected + ")");
    }

    public InvalidOptionException(String message) {
        super(message);
    }
}
