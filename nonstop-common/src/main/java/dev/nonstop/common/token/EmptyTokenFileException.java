package dev.nonstop.common.token;

import java.io.IOException;
import java.nio.file.Path;

/** A token file that exists but holds no token. */
public final class EmptyTokenFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public EmptyTokenFileException(Path file) {
        super("tokenFile: " + file + " is empty (expected: a file holding the token; delete it to have a new one"
                + " generated)");
        this.file = file;
    }

    /** The empty file. */
    public Path file() {
        return file;
    }
}
