package dev.nonstop.controller.store;

import java.util.Objects;

/**
 * An audit entry to append: who did what to which target, and how it ended. Text longer than its column is cut
 * (ending in {@code ...}) when it is stored, never refused.
 *
 * @param target what was acted on, as {@code kind/id} ({@code release/42}, {@code instance/shop-1})
 * @param attempts how many attempts the entry stands for: 1, or more for refusals counted per caller and minute
 */
public record NewAuditEntry(
        String actor, String action, String target, AuditResult result, String detail, long attempts) {

    public NewAuditEntry {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(result, "result");
        detail = detail == null ? "" : detail;
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts: " + attempts + " (expected: >= 1)");
        }
    }

    /** An entry for one attempt. */
    public NewAuditEntry(String actor, String action, String target, AuditResult result, String detail) {
        this(actor, action, target, result, detail, 1);
    }
}
