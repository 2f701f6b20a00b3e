package dev.nonstop.controller.store;

import dev.nonstop.controller.release.spec.ReleaseSpec;
import dev.nonstop.controller.release.state.ReleaseState;
import java.time.Instant;
import java.util.Optional;

/**
 * A release as stored.
 *
 * @param owner the controller that claimed it last; empty until a first claim
 * @param error why it failed, in words; empty unless a runner recorded one
 */
public record Release(
        String id,
        String app,
        String fromVersion,
        String toVersion,
        ReleaseSpec spec,
        ReleaseState state,
        Optional<ReleaseOwner> owner,
        Instant createdAt,
        Instant updatedAt,
        Optional<String> error) {}
