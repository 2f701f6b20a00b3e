/**
 * Leases on ZooKeeper through Curator.
 *
 * <p>Each acquisition creates an ephemeral sequential node {@code /nonstop/locks/<name>/lease-<lease
 * id>-<sequence>}; the lowest sequence holds the lock and every waiter watches only its predecessor
 * (no herd on release). The node lives as long as the ZooKeeper session, so session loss is lease
 * loss: a renewal checks that the node still exists and belongs to the current session, and a
 * session suspended for longer than the ttl is presumed lost by the local deadline even before
 * ZooKeeper says so. Use a session timeout equal to (and never shorter than) the ttl.
 *
 * <p>Fencing token: the holder node's creation zxid ({@code czxid}); see {@link
 * dev.nonstop.coordination.zookeeper.ZooKeeperLeaseStore}.
 */
package dev.nonstop.coordination.zookeeper;
