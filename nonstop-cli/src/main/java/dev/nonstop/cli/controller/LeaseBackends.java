package dev.nonstop.cli.controller;

import dev.nonstop.controller.LeaseBackend;
import dev.nonstop.coordination.CoordinationStoreException;
import dev.nonstop.coordination.etcd.EtcdLeaseStore;
import dev.nonstop.coordination.redis.RedisLeaseStore;
import dev.nonstop.coordination.spi.LeaseAttempt;
import dev.nonstop.coordination.spi.LeaseGrant;
import dev.nonstop.coordination.spi.LeaseStore;
import dev.nonstop.coordination.spi.RenewalOutcome;
import dev.nonstop.coordination.zookeeper.ZooKeeperLeaseStore;
import io.etcd.jetcd.Client;
import io.lettuce.core.RedisClient;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;

/**
 * Maps {@code controller.yaml}'s {@code leases} section to a {@link LeaseBackend}. The CLI assembles
 * the controller, so it is the one place that knows every backend module; each backend's client is
 * opened here and closed with the lease store the controller owns.
 */
final class LeaseBackends {
    /** The controller's lease ttl; a ZooKeeper session (its leases' life) lasts as long. */
    private static final Duration SESSION = Duration.ofSeconds(10);

    private static final Duration CONNECT = Duration.ofSeconds(10);

    private LeaseBackends() {}

    static LeaseBackend of(ControllerConfig.Leases leases) {
        return switch (leases) {
            case ControllerConfig.Leases.Jdbc jdbc -> LeaseBackend.storeDatabase();
            case ControllerConfig.Leases.Redis redis -> database -> redis(redis.uri());
            case ControllerConfig.Leases.ZooKeeper zk -> database -> zooKeeper(zk.connect());
            case ControllerConfig.Leases.Etcd etcd ->
                database -> etcd(etcd.endpoints().toArray(URI[]::new));
        };
    }

    private static LeaseStore redis(URI uri) {
        RedisClient client = RedisClient.create(uri.toString());
        try {
            return new ClientOwning(RedisLeaseStore.builder(client).build(), client::shutdown);
        } catch (CoordinationStoreException e) {
            client.shutdown();
            // Named by host and port only: the URI may hold a password.
            throw new CoordinationStoreException(
                    "leases: Redis at " + uri.getHost() + ":" + uri.getPort() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    private static LeaseStore zooKeeper(String connect) {
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(connect)
                .sessionTimeoutMs((int) SESSION.toMillis())
                .connectionTimeoutMs((int) CONNECT.toMillis())
                .retryPolicy(new ExponentialBackoffRetry(100, 3))
                .build();
        client.start();
        try {
            if (!client.blockUntilConnected((int) CONNECT.toSeconds(), TimeUnit.SECONDS)) {
                throw new CoordinationStoreException(
                        "cannot reach ZooKeeper at " + connect + " within " + CONNECT.toSeconds() + " s");
            }
            return new ClientOwning(ZooKeeperLeaseStore.builder(client).build(), client::close);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.close();
            throw new CoordinationStoreException("interrupted while connecting to ZooKeeper at " + connect, e);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private static LeaseStore etcd(URI... endpoints) {
        Client client =
                Client.builder().endpoints(endpoints).connectTimeout(CONNECT).build();
        try {
            return new ClientOwning(EtcdLeaseStore.builder(client).build(), client::close);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** A backend's lease store that also closes the client it was built on. */
    private record ClientOwning(LeaseStore store, Runnable closeClient) implements LeaseStore {
        @Override
        public LeaseAttempt begin(String name, String leaseId, Duration ttl, boolean fair) {
            return store.begin(name, leaseId, ttl, fair);
        }

        @Override
        public RenewalOutcome renew(LeaseGrant grant, Duration ttl) {
            return store.renew(grant, ttl);
        }

        @Override
        public void release(LeaseGrant grant) {
            store.release(grant);
        }

        @Override
        public void close() {
            try {
                store.close();
            } finally {
                closeClient.run();
            }
        }
    }
}
