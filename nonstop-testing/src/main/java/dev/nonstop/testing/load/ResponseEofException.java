package dev.nonstop.testing.load;

import java.io.IOException;

/** The connection ended before the response was complete. */
final class ResponseEofException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long bytesRead;

    ResponseEofException(long bytesRead) {
        super(
                bytesRead == 0
                        ? "connection closed before any response byte"
                        : "connection closed after " + bytesRead + " response bytes");
        this.bytesRead = bytesRead;
    }

    /** Whether any byte of the response had arrived. */
    boolean responseStarted() {
        return bytesRead > 0;
    }
}
