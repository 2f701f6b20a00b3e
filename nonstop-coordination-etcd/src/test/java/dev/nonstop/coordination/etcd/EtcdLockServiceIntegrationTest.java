package dev.nonstop.coordination.etcd;

import dev.nonstop.coordination.LockService;
import dev.nonstop.coordination.contract.LockServiceContractTest;
import dev.nonstop.coordination.contract.LockServiceFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract on a real etcd process. The ttl is 3 s because etcd lease ttls are whole seconds
 * with a 2 s minimum under the default election timeout, and expired leases are revoked on a
 * 500 ms sweep. The store is interrupted by a real restart of the process.
 */
class EtcdLockServiceIntegrationTest extends LockServiceContractTest {

    private static EtcdProcess etcd;

    @BeforeAll
    static void startEtcd() throws Exception {
        etcd = EtcdProcess.start();
    }

    @AfterAll
    static void stopEtcd() throws Exception {
        if (etcd != null) {
            etcd.close();
        }
    }

    @Override
    protected Duration ttl() {
        return Duration.ofSeconds(3);
    }

    @Override
    protected Class<? extends LockServiceFactory> factoryClass() {
        return EtcdLockServiceFactory.class;
    }

    @Override
    protected InetSocketAddress storeAddress() {
        return addressOf(etcd.endpoint());
    }

    @Override
    protected Map<String, String> settingsFor(InetSocketAddress address) {
        return Map.of("etcd.endpoint", withAddress(etcd.endpoint(), address));
    }

    @Override
    protected void interruptStore(LockService holder) throws Exception {
        etcd.restart();
    }
}
