package dev.nonstop.sample.session;

import java.time.Instant;
import java.util.Objects;

/**
 * A logged-in user.
 *
 * @param user the user name given at login
 * @param issuedAt when the session was issued, to the second
 */
public record Session(String user, Instant issuedAt) {

    public Session {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(issuedAt, "issuedAt");
    }
}
