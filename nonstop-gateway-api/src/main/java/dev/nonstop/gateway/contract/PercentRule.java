package dev.nonstop.gateway.contract;

import java.util.Objects;

/**
 * A share of users goes to {@code group}: the user's bucket is {@link UserBucket#of a stable hash} of
 * the value of {@code key} (0..9999, the same on every gateway and after every restart), and the user
 * is in the rule when {@code bucket < percent * 100}, so raising {@code percent} only adds users. A
 * request without the key's value gets a random bucket (and is then pinned).
 *
 * @param percent 0..100, fractions allowed down to 0.01
 */
public record PercentRule(double percent, PercentKey key, String group) implements GrayRule {
    public PercentRule {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(group, "group");
    }

    /** The number of buckets (of {@link UserBucket#BUCKETS}) in the rule: {@code round(percent * 100)}. */
    public int bucketLimit() {
        if (!(percent > 0)) {
            return 0;
        }
        return (int) Math.min(UserBucket.BUCKETS, Math.round(percent * 100));
    }

    /** Whether a user in {@code bucket} is in this rule. */
    public boolean includes(int bucket) {
        return bucket < bucketLimit();
    }
}
