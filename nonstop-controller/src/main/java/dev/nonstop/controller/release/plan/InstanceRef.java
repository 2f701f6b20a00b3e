package dev.nonstop.controller.release.plan;

import java.util.Objects;

/** An instance as the plan sees it: its id and where it runs. */
public record InstanceRef(String id, String host, int port) {

    public InstanceRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1 to 65535)");
        }
    }
}
