package dev.nonstop.testing.load;

import java.io.IOException;

/** The bytes received are not a valid HTTP/1.1 response. */
final class MalformedResponseException extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedResponseException(String message) {
        super(message);
    }
}
