package dev.nonstop.coordination.zookeeper;

import dev.nonstop.coordination.CoordinationStoreException;
import dev.nonstop.coordination.spi.LeaseAttempt;
import dev.nonstop.coordination.spi.LeaseGrant;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;

/**
 * One place in a lock's queue: our ephemeral sequential node, and a watch on the node just before
 * it. The node name carries the lease id, so a create whose answer was lost is found again instead
 * of leaving an orphan ahead of us in the queue.
 */
final class ZooKeeperLeaseAttempt implements LeaseAttempt {

    private static final Comparator<String> BY_SEQUENCE =
            Comparator.comparing((String child) -> child.substring(child.lastIndexOf('-') + 1));

    private final CuratorFramework client;
    private final String lockPath;
    private final String name;
    private final String leaseId;
    private final String ourPrefix;
    private final Semaphore changed = new Semaphore(0);
    private final Watcher predecessorWatcher = event -> changed.release();
    private boolean granted;
    private boolean joinAttempted;
    private String ourNode;
    private long ourCzxid;

    ZooKeeperLeaseAttempt(CuratorFramework client, String lockPath, String name, String leaseId) {
        this.client = client;
        this.lockPath = lockPath;
        this.name = name;
        this.leaseId = leaseId;
        this.ourPrefix = "lease-" + leaseId + "-";
    }

    @Override
    public Optional<LeaseGrant> poll() {
        try {
            List<String> queue;
            if (!joinAttempted) {
                // First poll: this lease id cannot have a node yet, so create without listing first
                // and take the fencing token (czxid) from the create's own answer. Three requests
                // per uncontended acquire and release, as Curator's mutex needs.
                joinAttempted = true;
                join();
                queue = queue();
            } else {
                queue = queue();
                if (ourNode == null || !queue.contains(ourNode)) {
                    // A create whose answer was lost, or our session expired while we waited.
                    ourNode = queue.stream()
                            .filter(c -> c.startsWith(ourPrefix))
                            .findFirst()
                            .orElse(null);
                    ourCzxid = 0;
                    if (ourNode == null) {
                        join();
                        queue = queue();
                    }
                }
            }
            int index = ourNode == null ? -1 : queue.indexOf(ourNode);
            if (index < 0) {
                return Optional.empty();
            }
            String ourPath = lockPath + "/" + ourNode;
            if (index == 0) {
                if (ourCzxid == 0) {
                    Stat stat = client.checkExists().forPath(ourPath);
                    if (stat == null) {
                        return Optional.empty();
                    }
                    ourCzxid = stat.getCzxid();
                }
                granted = true;
                return Optional.of(new LeaseGrant(name, leaseId, ourCzxid, ourPath));
            }
            String predecessor = lockPath + "/" + queue.get(index - 1);
            if (client.checkExists().usingWatcher(predecessorWatcher).forPath(predecessor) == null) {
                changed.release(); // gone between the listing and the watch: poll again at once
            }
            return Optional.empty();
        } catch (Exception e) {
            throw new CoordinationStoreException("acquire " + name + ": " + e, e);
        }
    }

    /** Creates our node in the queue and remembers its name and creation zxid. */
    private void join() throws Exception {
        Stat stat = new Stat();
        String path = client.create()
                .storingStatIn(stat)
                .creatingParentContainersIfNeeded()
                .withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                .forPath(lockPath + "/" + ourPrefix, leaseId.getBytes(StandardCharsets.UTF_8));
        ourNode = path.substring(path.lastIndexOf('/') + 1);
        ourCzxid = stat.getCzxid();
    }

    private List<String> queue() throws Exception {
        try {
            return client.getChildren().forPath(lockPath).stream()
                    .sorted(BY_SEQUENCE)
                    .toList();
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        }
    }

    @Override
    public void awaitChange(Duration timeout) throws InterruptedException {
        if (changed.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            changed.drainPermits();
        }
    }

    @Override
    public void close() {
        if (granted) {
            return;
        }
        try {
            for (String child : queue()) {
                if (child.startsWith(ourPrefix)) {
                    client.delete().forPath(lockPath + "/" + child);
                }
            }
        } catch (Exception e) {
            // The node is ephemeral: it goes with the session at the latest.
        }
    }
}
