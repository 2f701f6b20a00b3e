package dev.nonstop.coordination.spi;

/**
 * A lease the store granted.
 *
 * @param handle store-specific data the store needs to renew or release (a node path, an etcd
 *     lease id); opaque to everything else
 */
public record LeaseGrant(String name, String leaseId, long fencingToken, String handle) {}
