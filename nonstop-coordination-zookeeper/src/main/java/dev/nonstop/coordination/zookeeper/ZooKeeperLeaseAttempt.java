package dev.nonstop.coordination.zookeeper;

import dev.nonstop.coordination.CoordinationStoreException;
import dev.nonstop.coordination.spi.LeaseAttempt;
import dev.nonstop.coordination.spi.LeaseGrant;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;

/**
 * One place in a lock's queue: our ephemeral sequential node, and a watch on the node just before
 * it. The node name carries the lease id, so a create whose answer was lost is found again instead
 * of leaving an orphan ahead of us in the queue.
 *
 * <p>The first poll pipelines: the create goes out in the background and the listing right behind
 * it, without waiting for the create's answer. ZooKeeper serves one session's requests in order, so
 * the listing is taken after our node exists and shows it; the create's answer (our node's name and
 * czxid, the fencing token) arrives before the listing's. An uncontended acquire is thus one round
 * trip instead of two, and is still granted only once the server has confirmed our node and listed
 * it first. When the answer is late (the client's event thread, which delivers it, is busy) or the
 * create had to make the parent first, the poll falls back to the node found by its lease id in a
 * listing and its stat.
 */
final class ZooKeeperLeaseAttempt implements LeaseAttempt {

    /** How long to wait for the create's answer once the listing behind it is back (normally µs). */
    private static final long CREATE_ANSWER_WAIT_MS = 100;

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
    private CompletableFuture<CuratorEvent> firstCreate;
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
                // First poll: this lease id cannot have a node yet, so create without listing first,
                // and list behind the create without waiting for it (see the class documentation).
                joinAttempted = true;
                firstCreate = joinInBackground();
                queue = adoptFirstCreate(queue());
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
                        if (firstCreate != null && !firstCreate.isDone()) {
                            return Optional.empty(); // a second node would queue behind our own first
                        }
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
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new CoordinationStoreException("acquire " + name + ": " + e, e);
        }
    }

    /** Sends the create of our node; its answer completes the future, on the client's event thread. */
    private CompletableFuture<CuratorEvent> joinInBackground() throws Exception {
        CompletableFuture<CuratorEvent> answer = new CompletableFuture<>();
        client.create()
                .creatingParentContainersIfNeeded()
                .withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                .inBackground((c, event) -> answer.complete(event))
                .forPath(lockPath + "/" + ourPrefix, leaseId.getBytes(StandardCharsets.UTF_8));
        return answer;
    }

    /**
     * Takes our node's name and czxid from the create's answer, given the listing sent behind the
     * create; returns the listing to decide on (taken again if the create came after it: Curator
     * created the missing parent first). Without an answer in time, our node is the one of the
     * listing that carries our lease id, and its czxid is read when it is first.
     */
    private List<String> adoptFirstCreate(List<String> queue) throws Exception {
        CuratorEvent answer;
        try {
            answer = firstCreate.get(CREATE_ANSWER_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer = null;
        }
        if (answer != null && answer.getResultCode() == KeeperException.Code.OK.intValue()) {
            String path = answer.getName();
            ourNode = path.substring(path.lastIndexOf('/') + 1);
            ourCzxid = answer.getStat() == null ? 0 : answer.getStat().getCzxid();
            return queue.contains(ourNode) ? queue : queue();
        }
        ourNode =
                queue.stream().filter(c -> c.startsWith(ourPrefix)).findFirst().orElse(null);
        ourCzxid = 0;
        if (ourNode == null && answer != null) {
            throw KeeperException.create(KeeperException.Code.get(answer.getResultCode()), answer.getPath());
        }
        return queue;
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
        if (firstCreate != null && !firstCreate.isDone()) {
            // Given up before the create was answered: remove the node when it is.
            firstCreate.thenAccept(this::deleteCreated);
        }
        try {
            for (String child : queue()) {
                if (child.startsWith(ourPrefix)) {
                    // guaranteed: retried by Curator until it succeeds, also across a connection loss or when this
                    // thread was interrupted, so a session that survives cannot keep a node that blocks the queue
                    client.delete().guaranteed().inBackground().forPath(lockPath + "/" + child);
                }
            }
        } catch (Exception e) {
            // The listing failed: the node is ephemeral and goes with the session at the latest.
        }
    }

    private void deleteCreated(CuratorEvent answer) {
        if (answer.getResultCode() != KeeperException.Code.OK.intValue()) {
            return;
        }
        try {
            client.delete().inBackground().forPath(answer.getName());
        } catch (Exception e) {
            // The node is ephemeral: it goes with the session at the latest.
        }
    }
}
