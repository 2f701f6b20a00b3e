package dev.nonstop.testing.upstream;

/** A {@link TestUpstream} could not bind its address (within its bind timeout). */
public final class UpstreamBindException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UpstreamBindException(String message, Throwable cause) {
        super(message, cause);
    }
}
