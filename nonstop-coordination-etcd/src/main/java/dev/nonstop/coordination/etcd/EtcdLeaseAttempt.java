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
import java.util.Optional;

/**
 * Our key in a lock's queue, attached to an etcd lease that this attempt keeps alive while it
 * waits. If the etcd lease expires during the wait, the attempt joins the queue again at its end.
 */
final class EtcdLeaseAttempt implements LeaseAttempt {

    private static final GetOption FIRST_BY_CREATE_REVISION = GetOption.builder()
            .isPrefix(true)
            .withSortField(GetOption.SortTarget.CREATE)
            .withSortOrder(GetOption.SortOrder.ASCEND)
            .withLimit(1)
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

    EtcdLeaseAttempt(EtcdLeaseStore store, String name, String leaseId, Duration ttl) {
        this.store = store;
        this.name = name;
        this.leaseId = leaseId;
        this.ttlSeconds = Math.max(1, (ttl.toMillis() + 999) / 1000);
        this.keepAliveEveryNanos = ttl.toNanos() / 3;
    }

    @Override
    public Optional<LeaseGrant> poll() {
        String what = "acquire " + name;
        if (etcdLease == 0) {
            join(what);
        } else if (System.nanoTime() - keptAliveAt > keepAliveEveryNanos) {
            long sent = System.nanoTime();
            if (store.keepAlive(etcdLease, what) <= 0) {
                etcdLease = 0; // expired while we waited
                return Optional.empty();
            }
            keptAliveAt = sent;
        }
        GetResponse first = store.call(
                store.client().getKVClient().get(bytes(store.lockPrefix(name)), FIRST_BY_CREATE_REVISION), what);
        if (first.getKvs().isEmpty()) {
            return Optional.empty();
        }
        KeyValue holder = first.getKvs().get(0);
        if (!holder.getKey().toString(StandardCharsets.UTF_8).equals(key)) {
            return Optional.empty();
        }
        granted = true;
        return Optional.of(new LeaseGrant(name, leaseId, holder.getCreateRevision(), Long.toHexString(etcdLease)));
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
