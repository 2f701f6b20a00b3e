package dev.nonstop.coordination.spi;

import java.time.Duration;

/**
 * A backend's atomic lease operations. Implementations must be thread-safe and must measure expiry
 * on the store's clock, never the caller's. Each operation throws {@link
 * dev.nonstop.coordination.CoordinationStoreException} when the store cannot answer.
 *
 * <p>The contract: a granted lease stays exclusive until at least {@code ttl} after the grant or
 * renewal request was sent; fencing tokens of successive grants on one name strictly increase. "The
 * grant request" is the request that set the store-side expiry the grant relies on, and it must
 * have been sent during the {@link LeaseAttempt#poll()} that returns the grant (not by an earlier
 * poll), because the lock service dates the lease from the start of that poll. A fair attempt takes
 * the lock only when no other live fair attempt on the name has waited longer.
 */
public interface LeaseStore extends AutoCloseable {

    /**
     * Starts an attempt to acquire {@code name} for the lease id {@code leaseId}.
     *
     * @param fair whether the attempt queues behind attempts that have waited longer (in arrival
     *     order at the store) instead of taking the lock whenever it finds it free
     */
    LeaseAttempt begin(String name, String leaseId, Duration ttl, boolean fair);

    /** Extends a granted lease by {@code ttl}, if it is still ours. */
    RenewalOutcome renew(LeaseGrant grant, Duration ttl);

    /** Releases a granted lease if it is still ours; does nothing otherwise. */
    void release(LeaseGrant grant);

    /** Frees what the store opened itself; clients handed in by the caller stay open. */
    @Override
    void close();
}
