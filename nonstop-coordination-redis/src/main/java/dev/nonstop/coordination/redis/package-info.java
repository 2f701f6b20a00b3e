/**
 * Leases on Redis through Lettuce.
 *
 * <p>A lock is one key, {@code nonstop:lock:{name}}, set with {@code SET NX PX ttl} to the holder's
 * lease id, so expiry runs on the Redis server's clock. Three Lua scripts keep each step atomic:
 * acquire sets the key and increments the counter {@code nonstop:lock:{name}:token} (which never
 * expires) to produce the fencing token; renew extends the key with {@code PEXPIRE} only when it
 * still holds our lease id; release deletes it only then. Both keys share a hash tag, so they live
 * in one slot on a Redis Cluster.
 *
 * <p>Tokens survive as long as the counter does: run Redis with persistence (AOF or RDB with a
 * replica) in production, as a restart that loses the counter would start tokens over.
 */
package dev.nonstop.coordination.redis;
