package dev.nonstop.coordination.fencing;

/**
 * The answer to one fenced write.
 *
 * @param highestSeen the highest token seen for the key after this check
 */
public record FenceDecision(String key, long token, long highestSeen, boolean accepted) {

    /** A message that names the refusal, for logs and 409 bodies. */
    public String describe() {
        return accepted
                ? key + ": token " + token + " accepted"
                : key + ": token " + token + " refused (highest seen: " + highestSeen + ")";
    }
}
