package dev.nonstop.controller.store;

import java.time.Instant;

/**
 * An appended audit entry; {@code at} is the database's time.
 *
 * @param attempts how many attempts it stands for: 1, or more for refusals counted per caller and minute
 */
public record AuditEntry(
        long id,
        Instant at,
        String actor,
        String action,
        String target,
        AuditResult result,
        String detail,
        long attempts) {}
