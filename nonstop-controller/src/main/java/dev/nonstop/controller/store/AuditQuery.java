package dev.nonstop.controller.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which audit entries to read, newest first: {@code AuditQuery.latest(50).target("release/42")}.
 *
 * @param limit at most this many entries, 1 to 10000
 */
public record AuditQuery(Optional<String> actor, Optional<String> target, Optional<Instant> since, int limit) {

    public AuditQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(since, "since");
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: 1 to 10000)");
        }
    }

    /** The newest {@code limit} entries. */
    public static AuditQuery latest(int limit) {
        return new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), limit);
    }

    public AuditQuery actor(String actor) {
        return new AuditQuery(Optional.of(actor), target, since, limit);
    }

    public AuditQuery target(String target) {
        return new AuditQuery(actor, Optional.of(target), since, limit);
    }

    /** Entries at or after {@code since}. */
    public AuditQuery since(Instant since) {
        return new AuditQuery(actor, target, Optional.of(since), limit);
    }
}
