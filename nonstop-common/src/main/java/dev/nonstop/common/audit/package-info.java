/**
 * What the control APIs' audit logs share: {@link dev.nonstop.common.audit.RefusalAggregator} turns a flood of
 * refused attempts into a bounded number of records (per caller and minute), and {@link
 * dev.nonstop.common.audit.AuditText} cuts long input to fit a record instead of losing it.
 */
package dev.nonstop.common.audit;
