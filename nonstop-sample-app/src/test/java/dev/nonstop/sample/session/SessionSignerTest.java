package dev.nonstop.sample.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SessionSignerTest {

    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
    private static final Duration MAX_AGE = Duration.ofHours(12);

    private static SessionSigner signerAt(Instant now, String secret) {
        return new SessionSigner(secret, MAX_AGE, Clock.fixed(now, ZoneOffset.UTC));
    }

    private final SessionSigner signer = signerAt(NOW, "shared-secret");

    @Test
    void aSignedSessionVerifiesOnAnotherInstanceWithTheSameSecret() {
        String token = signer.sign("alice");

        assertThat(signerAt(NOW.plusSeconds(60), "shared-secret").verify(token)).contains(new Session("alice", NOW));
    }

    @Test
    void tokensContainOnlyCookieSafeCharacters() {
        assertThat(signer.sign("Zoë; \"quoted\", with=equals")).matches("[A-Za-z0-9_.-]+");
    }

    @Test
    void namesWithAnyCharacterSurviveTheRoundTrip() {
        String user = "Zoë. <b>&; admin=1";

        assertThat(signer.verify(signer.sign(user))).map(Session::user).contains(user);
    }

    @Test
    void aTamperedUserIsNoSession() {
        String token = signer.sign("alice");
        String mallory =
                Base64.getUrlEncoder().withoutPadding().encodeToString("mallory".getBytes(StandardCharsets.UTF_8));

        assertThat(signer.verify(mallory + token.substring(token.indexOf('.')))).isEmpty();
    }

    @Test
    void aTamperedIssueTimeIsNoSession() {
        String[] parts = signer.sign("alice").split("\\.");
        String later = parts[0] + "." + (Long.parseLong(parts[1]) + 3600) + "." + parts[2];

        assertThat(signer.verify(later)).isEmpty();
    }

    @Test
    void aTamperedSignatureIsNoSession() {
        String token = signer.sign("alice");
        char last = token.charAt(token.length() - 1);
        String flipped = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertThat(signer.verify(flipped)).isEmpty();
    }

    @Test
    void aSessionSignedWithAnotherSecretIsNoSession() {
        assertThat(signer.verify(signerAt(NOW, "other-secret").sign("alice"))).isEmpty();
    }

    @Test
    void aSessionExpiresAfterItsMaximumAge() {
        String token = signer.sign("alice");

        assertThat(signerAt(NOW.plus(MAX_AGE).minusSeconds(1), "shared-secret").verify(token))
                .isPresent();
        assertThat(signerAt(NOW.plus(MAX_AGE), "shared-secret").verify(token)).isEmpty();
    }

    @Test
    void aSessionIssuedFarInTheFutureIsNoSession() {
        String fromTheFuture =
                signerAt(NOW.plus(Duration.ofHours(1)), "shared-secret").sign("alice");
        String slightlyAhead =
                signerAt(NOW.plus(Duration.ofMinutes(1)), "shared-secret").sign("alice");

        assertThat(signer.verify(fromTheFuture)).isEmpty();
        assertThat(signer.verify(slightlyAhead)).isPresent();
    }

    @Test
    void malformedTokensAreNoSession() {
        assertThat(signer.verify("")).isEmpty();
        assertThat(signer.verify("garbage")).isEmpty();
        assertThat(signer.verify("a.b.c")).isEmpty();
        assertThat(signer.verify("a.b.!!!")).isEmpty();
        assertThat(signer.verify("...")).isEmpty();
    }

    @Test
    void anEmptySecretIsRefused() {
        assertThatThrownBy(() -> signerAt(NOW, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("secret: \"\" (expected: a non-empty secret)");
    }
}
