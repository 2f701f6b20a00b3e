/**
 * What a backend implements: a {@link dev.nonstop.coordination.spi.LeaseStore} that can grant,
 * renew and release a lease atomically on the store's own clock. Everything else (waiting with
 * backoff, background renewal, local validity, listeners) lives once in {@link
 * dev.nonstop.coordination.lease.LeaseLockService}.
 */
package dev.nonstop.coordination.spi;
