package dev.nonstop.controller.release.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a release moves traffic from the old version to the new one. */
public enum ReleaseStrategy {
    /** Instances upgraded in place batch by batch, plus surge instances; every instance serves every user. */
    ROLLING("rolling"),
    /**
     * A green group of new instances next to the blue (old) instances, opened to the entry rules, then to a growing
     * percentage of users, each step held and gated by analysis; at 100% the blue instances are retired.
     */
    CANARY("canary"),
    /**
     * A full green group started and verified, then all traffic switched at once; blue stays warm for the rollback
     * window, then is retired.
     */
    BLUE_GREEN("blue-green");

    /** What a strategy looks like, for {@code (expected: ...)} messages. */
    public static final String EXPECTED = "rolling, canary or blue-green";

    private final String id;

    ReleaseStrategy(String id) {
        this.id = id;
    }

    /** The name in JSON and on the command line. */
    public String id() {
        return id;
    }

    /** Whether the strategy routes by version group (blue and green) rather than upgrading in place. */
    public boolean isGray() {
        return this != ROLLING;
    }

    /** The strategy of {@code text} ({@code canary}, {@code blue-green}, case-insensitive, {@code _} for {@code -}). */
    public static Optional<ReleaseStrategy> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values()).filter(s -> s.id.equals(t)).findFirst();
    }

    @Override
    public String toString() {
        return id;
    }
}
