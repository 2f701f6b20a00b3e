package dev.nonstop.gateway.fencing;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses changes from a controller that lost its release: every mutation a controller sends for a
 * release carries the fencing token of its lease on that release, and a token lower than the
 * highest this gateway has seen for the release is refused. A controller that was paused past its
 * lease, and another that took the release over since, can therefore never both act on it here.
 * Thread-safe.
 */
public final class ReleaseFencing {
    /** Header naming the release a mutation belongs to. */
    public static final String RELEASE_HEADER = "X-Nonstop-Release";
    /** Header carrying the sender's fencing token for that release. */
    public static final String TOKEN_HEADER = "X-Nonstop-Fencing-Token";

    private final ConcurrentHashMap<String, Long> highest = new ConcurrentHashMap<>();

    /** The outcome of one check. */
    public record Decision(String release, long token, long highestSeen, boolean accepted) {
        /** The refusal message, e.g. {@code stale fencing token 3 for release r-1 (highest seen: 5)}. */
        public String describe() {
            return accepted
                    ? "fencing token " + token + " accepted for release " + release
                    : "stale fencing token " + token + " for release " + release + " (highest seen: " + highestSeen
                            + ")";
        }
    }

    /** Records {@code token} for {@code release} unless a higher one was seen; equal tokens pass. */
    public Decision check(String release, long token) {
        Objects.requireNonNull(release, "release");
        long[] before = {Long.MIN_VALUE};
        long now = highest.merge(release, token, (old, offered) -> {
            before[0] = old;
            return Math.max(old, offered);
        });
        boolean accepted = token >= before[0];
        return new Decision(release, token, now, accepted);
    }
}
