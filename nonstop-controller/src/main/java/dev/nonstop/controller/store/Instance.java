package dev.nonstop.controller.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A running (or once running) process of an app, as stored. Change it with the {@code with...} methods. */
public record Instance(
        String id,
        String app,
        String host,
        int port,
        String version,
        RecordedInstanceState state,
        Optional<String> gatewayMemberId,
        Instant createdAt,
        Instant updatedAt) {

    public Instance {
        Objects.requireNonNull(gatewayMemberId, "gatewayMemberId");
    }

    public Instance withVersion(String newVersion) {
        return new Instance(id, app, host, port, newVersion, state, gatewayMemberId, createdAt, updatedAt);
    }

    public Instance withState(RecordedInstanceState newState) {
        return new Instance(id, app, host, port, version, newState, gatewayMemberId, createdAt, updatedAt);
    }

    public Instance withGatewayMemberId(String memberId) {
        return new Instance(id, app, host, port, version, state, Optional.ofNullable(memberId), createdAt, updatedAt);
    }
}
