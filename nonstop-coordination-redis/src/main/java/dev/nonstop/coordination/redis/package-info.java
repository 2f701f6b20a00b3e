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
 * <p>Fair acquisition (the default): waiters stand in {@code nonstop:lock:{name}:line}, a sorted set
 * by arrival (server time in µs), and {@code :places} holds when each place lapses unless its waiter
 * polls again ({@code max(ttl, 1 s)}); {@code acquire.lua} drops lapsed places and grants only to
 * the first in line (or to anybody when the line is empty). An acquire given up sends {@code
 * give-up.lua} on the same connection, behind its own acquire commands that may still be stalled on
 * the way: it leaves the line, deletes the lock if that acquire took it, and has late commands of its
 * lease id refused ({@code :given-up}). The scripts read the server's {@code TIME}, which needs
 * Redis 5 or later (effects replication).
 *
 * <p>Tokens survive as long as the counter does: run Redis with persistence (AOF or RDB with a
 * replica) in production, as a restart that loses the counter would start tokens over.
 */
package dev.nonstop.coordination.redis;
