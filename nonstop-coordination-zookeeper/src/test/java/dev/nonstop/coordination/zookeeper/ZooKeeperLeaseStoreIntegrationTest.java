package dev.nonstop.coordination.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nonstop.coordination.Lease;
import dev.nonstop.coordination.LockAcquisitionTimeoutException;
import dev.nonstop.coordination.lease.LeaseLockService;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the ZooKeeper store leaves in the tree, which the backend-neutral contract cannot see: the
 * first poll pipelines the listing behind the create, and must still take the fencing token from our
 * own node and leave no node behind.
 */
class ZooKeeperLeaseStoreIntegrationTest {

    private static final Duration TTL = Duration.ofSeconds(2);
    private static final String LOCKS = "/nonstop/locks";

    private TestingServer server;
    private CuratorFramework client;
    private LeaseLockService locks;

    @BeforeEach
    void start() throws Exception {
        InstanceSpec spec =
                new InstanceSpec(Files.createTempDirectory("nonstop-zk-").toFile(), -1, -1, -1, true, 1, 200, 100);
        server = new TestingServer(spec, true);
        client = CuratorFrameworkFactory.builder()
                .connectString(server.getConnectString())
                .sessionTimeoutMs((int) TTL.toMillis())
                .retryPolicy(new RetryNTimes(2, 100))
                .build();
        client.start();
        assertThat(client.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
        locks = LeaseLockService.builder(ZooKeeperLeaseStore.builder(client).build())
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        locks.close();
        client.close();
        server.close();
    }

    @Test
    void theFencingTokenIsTheCreationZxidOfTheHoldersOwnNodeInThisSession() throws Exception {
        try (Lease lease = locks.acquire("a", TTL, Duration.ofSeconds(5))) {
            List<String> queue = client.getChildren().forPath(LOCKS + "/a");
            assertThat(queue).singleElement().asString().startsWith("lease-" + lease.leaseId() + "-");
            Stat node = client.checkExists().forPath(LOCKS + "/a/" + queue.getFirst());
            assertThat(lease.fencingToken()).isEqualTo(node.getCzxid());
            assertThat(node.getEphemeralOwner())
                    .isEqualTo(client.getZookeeperClient().getZooKeeper().getSessionId());
        }
    }

    @Test
    void releasedAndGivenUpAttemptsLeaveNoNodeBehind() throws Exception {
        Lease first = locks.acquire("b", TTL, Duration.ofSeconds(5));
        assertThatThrownBy(() -> locks.acquire("b", TTL, Duration.ofMillis(50)))
                .isInstanceOf(LockAcquisitionTimeoutException.class);
        first.close();

        await().atMost(Duration.ofSeconds(2))
                .until(() -> client.getChildren().forPath(LOCKS + "/b").isEmpty());
        try (Lease next = locks.acquire("b", TTL, Duration.ofSeconds(5))) {
            assertThat(next.fencingToken()).isGreaterThan(first.fencingToken());
        }
    }
}
