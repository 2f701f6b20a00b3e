package dev.nonstop.common.fencing;

/**
 * The answer of a {@link FencingTokenRegistry} to one fenced mutation.
 *
 * @param key what is fenced (a release id, a lock name)
 * @param token the token the mutation carried
 * @param highestSeen the highest token seen for the key after this check
 * @param accepted whether the mutation may go ahead
 */
public record FenceDecision(String key, long token, long highestSeen, boolean accepted) {

    /** The message for logs and 409 bodies: {@code stale fencing token 3 for release r-1 (highest seen: 5)}. */
    public String describe() {
        return accepted
                ? "fencing token " + token + " accepted for release " + key
                : "stale fencing token " + token + " for release " + key + " (highest seen: " + highestSeen + ")";
    }
}
