package dev.nonstop.cli.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.coordination.CoordinationStoreException;
import dev.nonstop.coordination.Lease;
import dev.nonstop.coordination.LockService;
import dev.nonstop.coordination.lease.LeaseLockService;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/**
 * {@code leases:} in controller.yaml opens the named backend: a lease taken through one controller's
 * lock service excludes another's. (etcd runs in {@link MultiActiveControllersIntegrationTest}.)
 */
class LeaseBackendsIntegrationTest {
    private final String name = "nonstop/release/" + UUID.randomUUID();

    private static LockService locks(ControllerConfig.Leases leases) {
        return LeaseLockService.builder(LeaseBackends.of(leases).open(null)).build();
    }

    private void assertExclusive(ControllerConfig.Leases leases) {
        try (LockService a = locks(leases);
                LockService b = locks(leases)) {
            Optional<Lease> held = a.tryAcquire(name, Duration.ofSeconds(10));
            assertThat(held).isPresent();
            assertThat(b.tryAcquire(name, Duration.ofSeconds(10))).isEmpty();
            held.get().close();
            assertThat(b.tryAcquire(name, Duration.ofSeconds(10))).isPresent();
        }
    }

    @Test
    void redisLeasesFromTheConfigExcludeASecondController() {
        assertExclusive(new ControllerConfig.Leases.Redis(URI.create("redis://127.0.0.1:6379")));
    }

    @Test
    void zooKeeperLeasesFromTheConfigExcludeASecondController() throws Exception {
        try (TestingServer zk = new TestingServer(true)) {
            assertExclusive(new ControllerConfig.Leases.ZooKeeper(zk.getConnectString()));
        }
    }

    @Test
    void anUnreachableBackendFailsWithWhereItWasLookedFor() throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0)) {
            closed = probe.getLocalPort();
        }
        URI nowhere = URI.create("redis://127.0.0.1:" + closed);
        assertThatThrownBy(() -> locks(new ControllerConfig.Leases.Redis(nowhere)))
                .isInstanceOf(CoordinationStoreException.class)
                .hasMessageStartingWith("leases: Redis at 127.0.0.1:" + closed + ": cannot reach Redis");
    }
}
