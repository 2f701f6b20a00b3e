package dev.nonstop.controller.store;

import java.time.Instant;

/** An appended audit entry; {@code at} is the database's time. */
public record AuditEntry(
        long id, Instant at, String actor, String action, String target, AuditResult result, String detail) {}
