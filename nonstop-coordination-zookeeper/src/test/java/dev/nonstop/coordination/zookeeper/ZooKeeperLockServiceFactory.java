package dev.nonstop.coordination.zookeeper;

import dev.nonstop.coordination.CoordinationStoreException;
import dev.nonstop.coordination.LockService;
import dev.nonstop.coordination.contract.ClosingLockService;
import dev.nonstop.coordination.contract.LockServiceFactory;
import dev.nonstop.coordination.lease.LeaseLockService;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;

/** Settings: {@code zk.connect}, {@code zk.sessionTimeoutMs} (the ttl of the tests). */
public final class ZooKeeperLockServiceFactory implements LockServiceFactory {

    @Override
    public LockService create(Map<String, String> settings) {
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(settings.get("zk.connect"))
                .sessionTimeoutMs(Integer.parseInt(settings.get("zk.sessionTimeoutMs")))
                .connectionTimeoutMs(1_000)
                .retryPolicy(new RetryNTimes(2, 100))
                .build();
        client.start();
        try {
            if (!client.blockUntilConnected(10, TimeUnit.SECONDS)) {
                throw new CoordinationStoreException("cannot reach ZooKeeper at " + settings.get("zk.connect"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.close();
            throw new CoordinationStoreException("interrupted while connecting", e);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        ZooKeeperLeaseStore store = ZooKeeperLeaseStore.builder(client).build();
        return new ClosingLockService(LeaseLockService.builder(store).build(), client::close);
    }
}
