/**
 * The one lock service all backends share: {@link dev.nonstop.coordination.lease.LeaseLockService}
 * waits for a lock with a bounded backoff (or the store's watch), renews held leases every third of
 * their ttl on virtual threads, and declares a lease lost when the store says so or when a ttl has
 * passed since the last renewal that succeeded, measured from when that renewal was sent.
 *
 * <p>The rule that makes fencing safe: a lease is dated from a time taken before the request that
 * set its store-side expiry was sent (the start of the granting poll, or of the renewal); the store
 * counts from when it received that request, which is later, so the local deadline ({@code sent +
 * ttl}, less a drift allowance of ttl/100 + 2 ms) always comes before the store's. A process paused
 * past its deadline finds its lease invalid on resume, before it could act on it. Acquisition is
 * fair (arrival order) unless the builder says otherwise. See {@code LEASES.md}.
 */
package dev.nonstop.coordination.lease;
