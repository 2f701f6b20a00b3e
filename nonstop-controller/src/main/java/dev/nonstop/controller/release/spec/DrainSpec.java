package dev.nonstop.controller.release.spec;

import java.time.Duration;

/**
 * How long to wait for an instance to drain, what to do when the deadline passes, and how the drain is verified
 * ({@link DrainMode}).
 */
public record DrainSpec(Duration deadline, DrainPolicy policy, DrainMode mode) {

    /** 60 seconds, then fail; verified as {@link DrainMode#AUTO} decides. */
    public static final DrainSpec DEFAULT = new DrainSpec(Duration.ofSeconds(60), DrainPolicy.FAIL, DrainMode.AUTO);

    /** A drain verified as {@link DrainMode#AUTO} decides. */
    public DrainSpec(Duration deadline, DrainPolicy policy) {
        this(deadline, policy, DrainMode.AUTO);
    }
}
