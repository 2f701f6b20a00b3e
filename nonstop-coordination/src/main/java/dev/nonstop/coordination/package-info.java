/**
 * Lease locks with fencing tokens.
 *
 * <p>A {@link dev.nonstop.coordination.LockService} grants a {@link dev.nonstop.coordination.Lease}
 * on a lock name for a time to live. The lease belongs to a lease id, not to a thread: any thread
 * may use it or close it. While it is held, the service renews it in the background every third of
 * its ttl. It carries a fencing token that is strictly greater than the token of every earlier
 * holder of the same name; send it with every write the lock protects, and let the receiver refuse
 * a lower one ({@code dev.nonstop.common.fencing.FencingTokenRegistry} in
 * nonstop-common).
 *
 * <pre>{@code
 * try (Lease lease = locks.acquire("release/42", Duration.ofSeconds(10), Duration.ofSeconds(30))) {
 *   lease.addListener((l, reason) -> abortWork());
 *   gateway.apply(change, lease.fencingToken());
 * }
 * }</pre>
 *
 * <p>A lease is never trusted past its ttl: {@link dev.nonstop.coordination.Lease#isValid()} turns
 * false as soon as the last successful renewal is older than the ttl by the local monotonic clock,
 * whatever the store says later. A paused JVM therefore learns on resume that it lost the lease,
 * and the fencing token stops any write it had already started.
 *
 * <p>Backends: JDBC in {@link dev.nonstop.coordination.jdbc}, Redis, ZooKeeper and etcd in their own
 * modules. All implement {@link dev.nonstop.coordination.spi.LeaseStore} and are driven by {@link
 * dev.nonstop.coordination.lease.LeaseLockService}.
 */
package dev.nonstop.coordination;
