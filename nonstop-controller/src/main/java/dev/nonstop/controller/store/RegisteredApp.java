package dev.nonstop.controller.store;

import java.time.Instant;

/**
 * An app registered with the controller, as its store records it: a named service released as a whole. Not the
 * gateway's routing entry of the same app ({@code dev.nonstop.gateway.routing.App}), which lists its members.
 */
public record RegisteredApp(String name, Instant createdAt) {}
