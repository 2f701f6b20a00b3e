package dev.nonstop.controller.client;

/** A request sent straight to an instance got no answer in time, or an answer that cannot be read. */
public class AppProbeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AppProbeException(String message, Throwable cause) {
        super(message, cause);
    }
}
