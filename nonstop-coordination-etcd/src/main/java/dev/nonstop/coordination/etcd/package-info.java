/**
 * Leases on etcd through jetcd.
 *
 * <p>Each acquisition grants an etcd lease (ttl rounded up to whole seconds; etcd may raise it to
 * its minimum, which only delays a take-over) and puts the key {@code /nonstop/locks/<name>/<etcd
 * lease id>} attached to it. The key with the lowest create revision under the lock's prefix holds
 * the lock. That check is the lock: a holder is never inferred from a successful call alone (etcd
 * #11456, where a lock() that returned after its lease expired was taken as held). Renewal is one
 * keep-alive of the etcd lease plus a read that the key still exists with the same create revision.
 *
 * <p>Fencing token: the holder key's create revision. Revisions are global to the etcd cluster and
 * only increase, and the next holder's key was created after every earlier holder's key, so
 * tokens strictly increase across holders.
 *
 * <p>Waiters poll with backoff, the first waiters more often, and are served in create-revision
 * order (always fair). A waiter keeps its etcd lease alive every third of the ttl while it waits,
 * and the poll that grants it sends one more keep-alive if the last one was sent before that poll:
 * the lease is dated from the start of the granting poll, so etcd's expiry must count from a later
 * request (issue 10: without it, a holder cut off right after its grant stayed valid after the next
 * holder was granted).
 */
package dev.nonstop.coordination.etcd;
