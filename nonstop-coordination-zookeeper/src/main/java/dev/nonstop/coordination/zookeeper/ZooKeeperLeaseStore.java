package dev.nonstop.coordination.zookeeper;

import dev.nonstop.coordination.CoordinationStoreException;
import dev.nonstop.coordination.spi.LeaseAttempt;
import dev.nonstop.coordination.spi.LeaseGrant;
import dev.nonstop.coordination.spi.LeaseStore;
import dev.nonstop.coordination.spi.RenewalOutcome;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Leases as ephemeral sequential nodes (see the package documentation).
 *
 * <p><b>Why the fencing token is the node's czxid.</b> The zxid of the transaction that created the
 * holder's node increases strictly with every write to the ensemble, across leader changes (the
 * epoch is its high half) and across restarts. Holders are served in sequence order, and within
 * one parent sequence order is creation order, so each holder's czxid is greater than every earlier
 * holder's. Unlike the sequence number, it does not start over when the parent container is removed
 * (ZooKeeper deletes empty containers) and created again. Tokens are therefore large, sparse numbers.
 *
 * <p>The {@link CuratorFramework} belongs to the caller, started, with a session timeout of at least
 * the ttl used here.
 */
public final class ZooKeeperLeaseStore implements LeaseStore {

    private final CuratorFramework client;
    private final String basePath;

    private ZooKeeperLeaseStore(CuratorFramework client, String basePath) {
        this.client = client;
        this.basePath = basePath;
    }

    public static Builder builder(CuratorFramework client) {
        return new Builder(client);
    }

    @Override
    public LeaseAttempt begin(String name, String leaseId, Duration ttl, boolean fair) {
        // Always fair: holders are served in the order of their sequential nodes.
        Duration session = sessionTimeout();
        if (ttl.compareTo(session) > 0) {
            throw new IllegalArgumentException("ttl: " + ttl
                    + " (expected: <= the ZooKeeper session timeout " + session
                    + ", or a lease could outlive what this process can prove)");
        }
        return new ZooKeeperLeaseAttempt(client, lockPath(name), name, leaseId);
    }

    @Override
    public RenewalOutcome renew(LeaseGrant grant, Duration ttl) {
        if (!client.getZookeeperClient().isConnected()) {
            // SUSPENDED: fail now rather than wait in Curator's retries; the deadline decides.
            throw new CoordinationStoreException("renew " + grant.name() + ": not connected to ZooKeeper");
        }
        try {
            Stat stat = client.checkExists().forPath(grant.handle());
            long session = client.getZookeeperClient().getZooKeeper().getSessionId();
            return stat != null && stat.getEphemeralOwner() == session
                    ? RenewalOutcome.RENEWED
                    : RenewalOutcome.SESSION_LOST;
        } catch (Exception e) {
            throw new CoordinationStoreException("renew " + grant.name() + ": " + e, e);
        }
    }

    @Override
    public void release(LeaseGrant grant) {
        try {
            client.delete().forPath(grant.handle());
        } catch (KeeperException.NoNodeException e) {
            // Already gone with its session.
        } catch (Exception e) {
            throw new CoordinationStoreException("release " + grant.name() + ": " + e, e);
        }
    }

    @Override
    public void close() {
        // The Curator client belongs to the caller.
    }

    private Duration sessionTimeout() {
        try {
            return Duration.ofMillis(client.getZookeeperClient().getZooKeeper().getSessionTimeout());
        } catch (Exception e) {
            throw new CoordinationStoreException("cannot reach ZooKeeper: " + e, e);
        }
    }

    private String lockPath(String name) {
        return basePath + "/" + URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    /** Settings of a {@link ZooKeeperLeaseStore}. */
    public static final class Builder {
        private final CuratorFramework client;
        private String basePath = "/nonstop/locks";

        private Builder(CuratorFramework client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /** The parent of all lock nodes. Default: {@code /nonstop/locks}. */
        public Builder basePath(String basePath) {
            if (basePath == null || !basePath.startsWith("/") || basePath.endsWith("/")) {
                throw new IllegalArgumentException("basePath: " + basePath + " (expected: /a/path without trailing /)");
            }
            this.basePath = basePath;
            return this;
        }

        public ZooKeeperLeaseStore build() {
            return new ZooKeeperLeaseStore(client, basePath);
        }
    }
}
