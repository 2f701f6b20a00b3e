package dev.nonstop.controller.store;

import java.util.Objects;

/**
 * An audit entry to append: who did what to which target, and how it ended.
 *
 * @param target what was acted on, as {@code kind/id} ({@code release/42}, {@code instance/shop-1})
 */
public record NewAuditEntry(String actor, String action, String target, AuditResult result, String detail) {

    public NewAuditEntry {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(result, "result");
        detail = detail == null ? "" : detail;
    }
}
