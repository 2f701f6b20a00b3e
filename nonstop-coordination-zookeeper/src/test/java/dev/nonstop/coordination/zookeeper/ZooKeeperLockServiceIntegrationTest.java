package dev.nonstop.coordination.zookeeper;

import dev.nonstop.coordination.LockService;
import dev.nonstop.coordination.contract.LockServiceContractTest;
import dev.nonstop.coordination.contract.LockServiceFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.Map;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract on Curator's in-JVM {@link TestingServer}, with a 200 ms tick so that a 2 s session
 * (the ttl) is allowed and expires on time. The store is interrupted by a real server restart.
 */
class ZooKeeperLockServiceIntegrationTest extends LockServiceContractTest {

    private static final int TICK_MS = 200;
    private static TestingServer server;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        InstanceSpec spec = new InstanceSpec(
                Files.createTempDirectory("nonstop-zk-").toFile(), port, -1, -1, true, 1, TICK_MS, 100);
        server = new TestingServer(spec, true);
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        server.close();
    }

    @Override
    protected Class<? extends LockServiceFactory> factoryClass() {
        return ZooKeeperLockServiceFactory.class;
    }

    @Override
    protected InetSocketAddress storeAddress() {
        return new InetSocketAddress("127.0.0.1", server.getPort());
    }

    @Override
    protected Map<String, String> settingsFor(InetSocketAddress address) {
        return Map.of(
                "zk.connect", "127.0.0.1:" + address.getPort(), "zk.sessionTimeoutMs", Long.toString(ttl().toMillis()));
    }

    @Override
    protected void interruptStore(LockService holder) throws Exception {
        server.restart();
    }
}
