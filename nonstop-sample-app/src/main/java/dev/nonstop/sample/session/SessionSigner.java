package dev.nonstop.sample.session;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks session tokens of the form {@code base64url(user).issuedAtEpochSecond.base64url(hmac)},
 * where the HMAC-SHA256 covers the first two parts. Tokens contain only cookie-safe characters.
 * Thread-safe.
 */
public final class SessionSigner {

    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** How far in the future an issue time may lie, for instances whose clocks differ a little. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final SecretKeySpec key;
    private final Duration maxAge;
    private final Clock clock;

    /**
     * @param secret the shared secret, the same on every instance
     * @param maxAge how long a session stays valid after it was issued
     * @param clock the time source of issue times and expiry
     */
    public SessionSigner(String secret, Duration maxAge, Clock clock) {
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("secret: \"\" (expected: a non-empty secret)");
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge: " + maxAge + " (expected: > 0)");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.maxAge = maxAge;
        this.clock = clock;
    }

    public Duration maxAge() {
        return maxAge;
    }

    /** A signed token for a new session of {@code user}, issued now. */
    public String sign(String user) {
        String payload = ENCODER.encodeToString(user.getBytes(StandardCharsets.UTF_8)) + "."
                + clock.instant().getEpochSecond();
        return payload + "." + ENCODER.encodeToString(mac(payload));
    }

    /** The session of a token, or empty when the token is malformed, tampered with or expired. */
    public Optional<Session> verify(String token) {
        int lastDot = token.lastIndexOf('.');
        if (lastDot < 0) {
            return Optional.empty();
        }
        String payload = token.substring(0, lastDot);
        byte[] signature;
        try {
            signature = DECODER.decode(token.substring(lastDot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(mac(payload), signature)) {
            return Optional.empty();
        }
        return parse(payload).filter(this::isCurrent);
    }

    private static Optional<Session> parse(String payload) {
        int dot = payload.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        try {
            String user = new String(DECODER.decode(payload.substring(0, dot)), StandardCharsets.UTF_8);
            Instant issuedAt = Instant.ofEpochSecond(Long.parseLong(payload.substring(dot + 1)));
            return Optional.of(new Session(user, issuedAt));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    private boolean isCurrent(Session session) {
        Instant now = clock.instant();
        return !session.issuedAt().isAfter(now.plus(CLOCK_SKEW))
                && now.isBefore(session.issuedAt().plus(maxAge));
    }

    private byte[] mac(String payload) {
        try {
            // Mac instances are not thread-safe; one per call is cheap next to an HTTP request.
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every JDK", e);
        }
    }
}
