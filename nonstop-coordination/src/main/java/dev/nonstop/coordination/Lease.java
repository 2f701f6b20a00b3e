package dev.nonstop.coordination;

import java.time.Duration;

/**
 * A held lock, owned by a lease id rather than by a thread. Renewed in the background until it is
 * closed or lost.
 */
public interface Lease extends AutoCloseable {

    /** The lock name. */
    String name();

    /** The id that owns this lease in the store; unique per acquisition. */
    String leaseId();

    /**
     * The fencing token: strictly greater than the token of every earlier lease on the same name,
     * on the same store, forever. Send it with each protected write.
     */
    long fencingToken();

    /** The time to live asked for at acquisition. */
    Duration ttl();

    /**
     * Whether the lease is still held as far as this process can prove: not closed, not reported
     * lost, and renewed successfully less than one ttl ago by the local monotonic clock.
     */
    boolean isValid();

    /**
     * Throws unless {@link #isValid()}: call it right before a protected action.
     *
     * @throws LeaseLostException when the lease is lost, presumed lost or released
     */
    void checkValid();

    /**
     * Adds a listener called once when the lease is lost (not when it is closed). A listener added
     * after the loss is called at once.
     */
    void addListener(LeaseListener listener);

    /**
     * Releases the lease and stops renewing it. Idempotent; a lost lease closes without contacting
     * the store.
     *
     * @throws CoordinationStoreException when the release could not reach the store; the lease then
     *     expires after its ttl
     */
    @Override
    void close();
}
