package dev.nonstop.gateway.config;

import dev.nonstop.gateway.GatewaySettings;
import dev.nonstop.gateway.contract.RoutingTable;
import java.util.Objects;

/**
 * Everything a gateway process needs to start: how the proxy listens and waits, how the admin API
 * is reached, and the routing table put in force first. Read one with {@link GatewayConfigLoader}.
 */
public record GatewayConfig(GatewaySettings settings, AdminSettings admin, RoutingTable table) {
    public GatewayConfig {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(table, "table");
    }
}
