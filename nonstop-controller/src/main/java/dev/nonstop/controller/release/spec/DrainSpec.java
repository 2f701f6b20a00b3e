package dev.nonstop.controller.release.spec;

import java.time.Duration;

/**
 * How long to wait for an instance to drain (all gateways acked, in-flight zero, the app idle), and what to do
 * when the deadline passes.
 */
public record DrainSpec(Duration deadline, DrainPolicy policy) {

    /** 60 seconds, then fail. */
    public static final DrainSpec DEFAULT = new DrainSpec(Duration.ofSeconds(60), DrainPolicy.FAIL);
}
