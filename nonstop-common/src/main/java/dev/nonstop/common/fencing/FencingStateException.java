package dev.nonstop.common.fencing;

import java.nio.file.Path;

/**
 * The file of a {@link FencingTokenRegistry#persistent persistent} registry cannot be used: unreadable or corrupt
 * when the registry is opened (the process must not start, since an empty registry would accept stale owners
 * again), or not writable when a check raised a token (the mutation is refused). The message names the file.
 */
public final class FencingStateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    FencingStateException(Path file, String problem, Throwable cause) {
        super("fencing state " + file + ": " + problem, cause);
        this.file = file;
    }

    /** The registry's file. */
    public Path file() {
        return file;
    }
}
