package dev.nonstop.coordination.etcd;

import dev.nonstop.coordination.LockService;
import dev.nonstop.coordination.contract.ClosingLockService;
import dev.nonstop.coordination.contract.LockServiceFactory;
import dev.nonstop.coordination.lease.LeaseLockService;
import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.Map;

/** Settings: {@code etcd.endpoint}. */
public final class EtcdLockServiceFactory implements LockServiceFactory {

    @Override
    public LockService create(Map<String, String> settings) {
        Client client = Client.builder()
                .endpoints(settings.get("etcd.endpoint"))
                .connectTimeout(Duration.ofSeconds(1))
                .build();
        EtcdLeaseStore store = EtcdLeaseStore.builder(client)
                .requestTimeout(Duration.ofMillis(800))
                .build();
        return new ClosingLockService(LeaseLockService.builder(store).build(), client);
    }
}
