package dev.nonstop.coordination.etcd;

import static dev.nonstop.coordination.etcd.EtcdLeaseStore.bytes;

import dev.nonstop.coordination.spi.LeaseAttempt;
import dev.nonstop.coordination.spi.LeaseGrant;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.PutResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Our key in a lock's queue, attached to an etcd lease that this attempt keeps alive while it
 * waits. If the etcd lease expires during the wait, the attempt joins the queue again at its end.
 * The queue is served in create-revision order, so acquisition is always fair. An attempt given up
 * revokes its etcd lease, which deletes its key; a put still on its way after that fails, as its
 * etcd lease is gone, so no grant outlives the acquire.
 */
final class EtcdLeaseAttempt implements LeaseAttempt {

    /** How many keys of the queue each poll reads: the holder and the first waiters. */
    private static final int FRONT = 8;

    private static final GetOption FRONT_OF_THE_QUEUE = GetOption.builder()
            .isPrefix(true)
            .withSortField(GetOption.SortTarget.CREATE)
            .withSortOrder(GetOption.SortOrder.ASCEND)
            .withLimit(FRONT)
            .build();

    private final EtcdLeaseStore store;
    private final String name;
    private final String leaseId;
    private final long ttlSeconds;
    private final long keepAliveEveryNanos;
    private long etcdLease;
    private String key;
    private long keptAliveAt;
    private boolean granted;
    private int ahead = -1;

    EtcdLeaseAttempt(EtcdLeaseStore store, String name, String leaseId, Duration ttl) {
        this.store = store;
        this.name = name;
        this.leaseId = leaseId;
        this.ttlSeconds = Math.max(1, (ttl.toMillis() + 999) / 1000);
        this.keepAliveEveryNanos = ttl.toNanos() / 3;
    }

    /**
     * Joins the queue on the first poll (and again if our etcd lease expired while we waited), keeps
     * our etcd lease alive every third of the ttl while we wait, and is granted when our key is the
     * first. The grant is dated by the lock service from the start of this poll, so the etcd lease
     * must have been granted or kept alive during this poll: if its last keep-alive is older, one
     * more is sent before granting (else the holder's local deadline could fall up to a third of the
     * ttl after etcd's, and it would think itself the holder after the next one was granted).
     */
    @Override
    public Optional<LeaseGrant> poll() {
        String what = "acquire " + name;
        long pollStarted = System.nanoTime();
        ahead = -1;
        if (etcdLease == 0) {
            join(what);
        } else if (System.nanoTime() - keptAliveAt > keepAliveEveryNanos && !keepAlive(what)) {
            return Optional.empty();
        }
        GetResponse front =
                store.call(store.client().getKVClient().get(bytes(store.lockPrefix(name)), FRONT_OF_THE_QUEUE), what);
        List<KeyValue> kvs = front.getKvs();
        if (kvs.isEmpty()) {
            return Optional.empty();
        }
        KeyValue holder = kvs.get(0);
        if (!isOurs(holder)) {
            for (int i = 1; i < kvs.size(); i++) {
                if (isOurs(kvs.get(i))) {
                    ahead = i - 1;
                }
            }
            return Optional.empty();
        }
        if (keptAliveAt - pollStarted < 0 && !keepAlive(what)) {
            return Optional.empty();
        }
        granted = true;
        return Optional.of(new LeaseGrant(name, leaseId, holder.getCreateRevision(), Long.toHexString(etcdLease)));
    }

    @Override
    public int waitersAhead() {
        return ahead;
    }

    private boolean isOurs(KeyValue kv) {
        return kv.getKey().toString(StandardCharsets.UTF_8).equals(key);
    }

    /**
     * Keeps our etcd lease alive; false when etcd no longer knows it (it expired while we waited,
     * and our key went with it): the next poll joins the queue again.
     */
    private boolean keepAlive(String what) {
        long sent = System.nanoTime();
        if (store.keepAlive(etcdLease, what) <= 0) {
            etcdLease = 0;
            return false;
        }
        keptAliveAt = sent;
        return true;
    }

    private void join(String what) {
        long sent = System.nanoTime();
        etcdLease = store.call(store.client().getLeaseClient().grant(ttlSeconds), what)
                .getID();
        keptAliveAt = sent;
        key = store.holderKey(name, etcdLease);
        PutResponse put = store.call(
                store.client()
                        .getKVClient()
                        .put(
                                bytes(key),
                                bytes(leaseId),
                                PutOption.builder().withLeaseId(etcdLease).build()),
                what);
        put.getHeader(); // the put either succeeded or threw
    }

    @Override
    public void close() {
        if (granted || etcdLease == 0) {
            return;
        }
        try {
            store.revoke(etcdLease, "give up " + name);
        } catch (RuntimeException e) {
            // The etcd lease expires by itself after its ttl.
        }
    }
}
