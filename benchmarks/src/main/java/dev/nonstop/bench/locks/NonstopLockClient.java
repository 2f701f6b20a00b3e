package dev.nonstop.bench.locks;

import com.zaxxer.hikari.HikariDataSource;
import dev.nonstop.coordination.CoordinationStoreException;
import dev.nonstop.coordination.Lease;
import dev.nonstop.coordination.LockAcquisitionTimeoutException;
import dev.nonstop.coordination.LockService;
import dev.nonstop.coordination.etcd.EtcdLeaseStore;
import dev.nonstop.coordination.jdbc.JdbcLeaseStore;
import dev.nonstop.coordination.jdbc.LeaseDataSource;
import dev.nonstop.coordination.lease.LeaseLockService;
import dev.nonstop.coordination.redis.RedisLeaseStore;
import dev.nonstop.coordination.zookeeper.ZooKeeperLeaseStore;
import io.etcd.jetcd.Client;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;

/**
 * Our {@link LockService} on one backend, built the way the contract tests' factories build it: a
 * pool of 3 connections for JDBC, one Lettuce connection for Redis, a Curator client whose session
 * timeout is the ttl for ZooKeeper, a jetcd client for etcd.
 */
final class NonstopLockClient implements LockClient {

    private final LockService locks;
    private final Duration ttl;
    private final List<AutoCloseable> resources;

    private NonstopLockClient(LockService locks, Duration ttl, List<AutoCloseable> resources) {
        this.locks = locks;
        this.ttl = ttl;
        this.resources = resources;
    }

    static NonstopLockClient jdbc(String url, String user, Duration ttl) {
        HikariDataSource pool = LeaseDataSource.pooled(url, user, "", 3);
        try {
            JdbcLeaseStore store = JdbcLeaseStore.builder(pool)
                    .queryTimeout(Duration.ofSeconds(2))
                    .build();
            return new NonstopLockClient(LeaseLockService.builder(store).build(), ttl, List.of(pool));
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    static NonstopLockClient redis(String uri, Duration ttl) {
        RedisClient client = RedisClient.create(uri);
        try {
            RedisLeaseStore store = RedisLeaseStore.builder(client)
                    .commandTimeout(Duration.ofMillis(500))
                    .build();
            return new NonstopLockClient(LeaseLockService.builder(store).build(), ttl, List.of(client::shutdown));
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    static NonstopLockClient zookeeper(String connect, Duration ttl) {
        CuratorFramework client = curator(connect, ttl);
        ZooKeeperLeaseStore store = ZooKeeperLeaseStore.builder(client).build();
        return new NonstopLockClient(LeaseLockService.builder(store).build(), ttl, List.of(client));
    }

    static NonstopLockClient etcd(String endpoint, Duration ttl) {
        Client client = Client.builder()
                .endpoints(endpoint)
                .connectTimeout(Duration.ofSeconds(1))
                .build();
        EtcdLeaseStore store = EtcdLeaseStore.builder(client)
                .requestTimeout(Duration.ofMillis(800))
                .build();
        return new NonstopLockClient(LeaseLockService.builder(store).build(), ttl, List.of(client));
    }

    /** A started Curator client with session timeout {@code session}; also used for Curator's mutex. */
    static CuratorFramework curator(String connect, Duration session) {
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(connect)
                .sessionTimeoutMs((int) session.toMillis())
                .connectionTimeoutMs(1_000)
                .retryPolicy(new RetryNTimes(2, 100))
                .build();
        client.start();
        try {
            if (!client.blockUntilConnected(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("cannot reach ZooKeeper at " + connect + " within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.close();
            throw new IllegalStateException("interrupted while connecting to ZooKeeper", e);
        }
        return client;
    }

    @Override
    public Held acquire(String name, Duration maxWait) throws InterruptedException {
        try {
            Lease lease = locks.acquire(name, ttl, maxWait);
            return lease::close;
        } catch (LockAcquisitionTimeoutException | CoordinationStoreException e) {
            throw new LockNotAcquiredException(name, maxWait, e);
        }
    }

    @Override
    public void close() {
        List<Exception> failures = new ArrayList<>();
        try {
            locks.close();
        } catch (RuntimeException e) {
            failures.add(e);
        }
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException("closing the lock service failed");
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }
}
