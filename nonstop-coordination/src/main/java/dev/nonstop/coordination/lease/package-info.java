/**
 * The one lock service all backends share: {@link dev.nonstop.coordination.lease.LeaseLockService}
 * waits for a lock with a bounded backoff (or the store's watch), renews held leases every third of
 * their ttl on virtual threads, and declares a lease lost when the store says so or when a ttl has
 * passed since the last renewal that succeeded, measured from when that renewal was sent.
 *
 * <p>The rule that makes fencing safe: the store extends a lease from the moment it receives a
 * renewal, which is never earlier than the moment this process sent it, so the local deadline
 * ({@code sent + ttl}) always comes before the store's. A process paused past its deadline finds
 * its lease invalid on resume, before it could act on it.
 */
package dev.nonstop.coordination.lease;
