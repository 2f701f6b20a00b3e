package dev.nonstop.controller.store;

import java.util.Objects;
import java.util.Optional;

/**
 * An instance to register.
 *
 * @param id unique across all apps
 * @param gatewayMemberId the member id the gateways know it by, once it has one
 */
public record NewInstance(
        String id,
        String app,
        String host,
        int port,
        String version,
        RecordedInstanceState state,
        Optional<String> gatewayMemberId) {

    public NewInstance {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(gatewayMemberId, "gatewayMemberId");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1 to 65535)");
        }
    }

    /** An instance with no gateway member id yet. */
    public static NewInstance of(
            String id, String app, String host, int port, String version, RecordedInstanceState state) {
        return new NewInstance(id, app, host, port, version, state, Optional.empty());
    }
}
