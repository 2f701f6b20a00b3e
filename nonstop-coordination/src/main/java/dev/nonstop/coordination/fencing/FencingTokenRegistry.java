package dev.nonstop.coordination.fencing;

import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Remembers the highest fencing token seen per key and refuses lower ones. In memory, thread-safe;
 * one per receiver (a gateway, an agent). A token equal to the highest is accepted: it is the
 * current holder writing again.
 *
 * <p>Check and apply must be one step for the receiver: call {@link #check} while holding whatever
 * serialises writes to the key, or apply the write only when the decision is accepted and accept
 * that a later, higher write may have been checked in between (it then wins anyway).
 */
public final class FencingTokenRegistry {

    private final ConcurrentMap<String, Long> highest = new ConcurrentHashMap<>();

    /** Records {@code token} for {@code key} if it is not lower than the highest seen. */
    public FenceDecision check(String key, long token) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key: " + key + " (expected: non-empty)");
        }
        long after = highest.merge(key, token, Math::max);
        return new FenceDecision(key, token, after, token >= after);
    }

    /** The highest token seen for {@code key}, if any. */
    public OptionalLong highestSeen(String key) {
        Long value = highest.get(key);
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    /** Forgets {@code key} (for example when a release is finished and archived). */
    public void forget(String key) {
        highest.remove(key);
    }
}
