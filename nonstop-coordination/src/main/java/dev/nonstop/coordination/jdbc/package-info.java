/**
 * Leases in one database table, on H2, PostgreSQL or MariaDB/MySQL.
 *
 * <p>{@code nonstop_lease} holds one row per lock name: the holder's lease id, the fencing token
 * and {@code expires_at}, always computed from the database's clock. Rows are never deleted, so
 * the token keeps increasing across releases, expiries and take-overs; no cleaner is needed.
 *
 * <ul>
 *   <li>acquire: one conditional {@code UPDATE ... SET holder = me, fencing_token = fencing_token
 *       + 1 ... WHERE name = ? AND expires_at <= now}, the row created first if missing; the token
 *       is read back in the same transaction, under the row lock the update took.
 *   <li>renew: {@code UPDATE ... SET expires_at = now + ttl WHERE holder = me AND token = mine AND
 *       expires_at > now}; no row means the lease is gone.
 *   <li>release: {@code UPDATE ... SET holder = NULL, expires_at = now WHERE holder = me AND token =
 *       mine}.
 * </ul>
 *
 * <p>Fair acquisition (the default): a waiter takes a ticket in {@code nonstop_lease_waiter}
 * (identity column: arrival order), pushes its {@code expires_at} on while it polls, and the
 * take-over also requires {@code NOT EXISTS} a live ticket lower than ours (none at all for an
 * acquire without a ticket, so the uncontended acquire is still one statement). A ticket not kept
 * for {@code max(ttl, 1 s)} is skipped and deleted by the next waiter to join. An acquire given up
 * deletes its ticket and, when a poll went unanswered, frees the lock if its lease id took it.
 *
 * <p>The schema is created by Flyway (history table {@code nonstop_coordination_schema_history})
 * unless {@link dev.nonstop.coordination.jdbc.JdbcLeaseStore.Builder#migrate(boolean)} turns it off.
 */
package dev.nonstop.coordination.jdbc;
