package dev.nonstop.controller.store;

import java.time.Instant;

/** An app: a named service released as a whole. */
public record App(String name, Instant createdAt) {}
