package dev.nonstop.controller.store;

import dev.nonstop.controller.release.spec.AppSettings;
import java.time.Instant;

/**
 * An app registered with the controller, as its store records it: a named service released as a whole, with the
 * settings every release and rollback of it starts from. Not the gateway's routing entry of the same app ({@code
 * dev.nonstop.gateway.routing.App}), which lists its members.
 */
public record RegisteredApp(String name, Instant createdAt, AppSettings settings) {

    /** An app with the default settings. */
    public RegisteredApp(String name, Instant createdAt) {
        this(name, createdAt, AppSettings.DEFAULT);
    }
}
