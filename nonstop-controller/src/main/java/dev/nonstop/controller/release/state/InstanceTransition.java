package dev.nonstop.controller.release.state;

import java.time.Instant;
import java.util.Objects;

/**
 * One move of one instance in one release, delivered to {@link InstanceTransitionListener}s.
 *
 * @param detail what happened, for people ({@code "drained in 2.3 s"}); empty when there is nothing to say
 */
public record InstanceTransition(
        String releaseId, String instanceId, InstanceStep from, InstanceStep to, Instant at, String detail) {

    public InstanceTransition {
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(at, "at");
        detail = detail == null ? "" : detail;
    }
}
