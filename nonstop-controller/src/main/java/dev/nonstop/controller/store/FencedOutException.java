package dev.nonstop.controller.store;

import java.util.OptionalLong;

/**
 * A write refused because the caller's fencing token is not the release's current one: another controller claimed
 * the release with a higher token (or, for a claim, already holds a token at least as high). The caller must stop
 * acting on the release.
 */
public final class FencedOutException extends ControllerStoreException {

    private final String releaseId;
    private final long token;
    private final OptionalLong currentToken;

    public FencedOutException(String releaseId, long token, OptionalLong currentToken) {
        super("release " + releaseId + ": fencing token " + token + " refused (current: "
                + (currentToken.isPresent() ? String.valueOf(currentToken.getAsLong()) : "none") + ")");
        this.releaseId = releaseId;
        this.token = token;
        this.currentToken = currentToken;
    }

    public String releaseId() {
        return releaseId;
    }

    /** The token that was refused. */
    public long token() {
        return token;
    }

    /** The release's token when the write was refused; empty when the release was never claimed. */
    public OptionalLong currentToken() {
        return currentToken;
    }
}
