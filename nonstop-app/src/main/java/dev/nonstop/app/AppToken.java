package dev.nonstop.app;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The instance token ({@code NONSTOP_APP_TOKEN}) and the check of an {@code Authorization: Bearer
 * <token>} header. Both sides are hashed first, so the comparison takes the same time whatever the
 * presented token is, its length included. No token configured refuses everything.
 */
final class AppToken {

    private static final String BEARER = "Bearer ";

    private final Optional<byte[]> digest;

    AppToken(Optional<String> token) {
        this.digest = token.map(AppToken::sha256);
    }

    boolean configured() {
        return digest.isPresent();
    }

    /** Whether {@code authorization} (an {@code Authorization} header value, or null) carries the token. */
    boolean authorizes(String authorization) {
        if (digest.isEmpty()
                || authorization == null
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        String presented = authorization.substring(BEARER.length()).trim();
        return MessageDigest.isEqual(digest.get(), sha256(presented));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
