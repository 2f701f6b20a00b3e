package dev.nonstop.controller.api;

import dev.nonstop.common.token.BearerToken;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The bearer token every controller API call must present: a {@link BearerToken} from a token file created (mode
 * 0600) when missing. Never logged, never shown by {@link #toString()}; {@link #id()} names it in the audit log.
 */
public final class ApiToken {
    private static final String NAME = "controller API token";

    private final BearerToken token;

    private ApiToken(BearerToken token) {
        this.token = token;
    }

    /** A token given as text (tests, or a token handed over by configuration). */
    public static ApiToken of(String token) {
        return new ApiToken(BearerToken.of(token, NAME));
    }

    /**
     * Reads the token from {@code file}; when the file does not exist, creates it (and its parent directories)
     * holding a new random token, readable by the owner only.
     *
     * @throws IOException when the file cannot be read or created, or holds no token
     */
    public static ApiToken readOrCreate(Path file) throws IOException {
        return new ApiToken(BearerToken.readOrCreate(file, NAME));
    }

    /** 32 random bytes, base64url without padding (43 characters). */
    public static String newRandomToken() {
        return BearerToken.newRandomToken();
    }

    /** Whether {@code presented} is this token; constant time in its content and length. */
    public boolean matches(String presented) {
        return token.matches(presented);
    }

    /** The token's name in the audit log: the first 8 hex digits of its SHA-256. */
    public String id() {
        return token.id();
    }

    @Override
    public String toString() {
        return "ApiToken[hidden]";
    }
}
