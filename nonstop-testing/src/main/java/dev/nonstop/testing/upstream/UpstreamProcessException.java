package dev.nonstop.testing.upstream;

/** An {@link UpstreamProcess} did not start, stop or take a signal as asked; the message has its output. */
public final class UpstreamProcessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UpstreamProcessException(String message) {
        super(message);
    }

    public UpstreamProcessException(String message, Throwable cause) {
        super(message, cause);
    }
}
