package dev.nonstop.coordination.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.coordination.CoordinationException;
import dev.nonstop.coordination.Lease;
import dev.nonstop.coordination.LockService;
import dev.nonstop.coordination.contract.LockServiceContractTest;
import dev.nonstop.coordination.contract.LockServiceFactory;
import dev.nonstop.coordination.contract.StoreAvailability;
import dev.nonstop.coordination.contract.TcpProxy;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract on a real Redis. The store is interrupted with {@code CLIENT KILL} on every
 * connection of this test class (found by client name), as a restart or a network cut would.
 */
class RedisLockServiceIntegrationTest extends LockServiceContractTest {

    private static final String URI = System.getProperty("nonstop.it.redis.uri", "redis://127.0.0.1:6379");
    private static final String CLIENT_NAME =
            "nonstop-contract-" + UUID.randomUUID().toString().substring(0, 8);
    private static RedisClient admin;

    @BeforeAll
    static void requireRedis() {
        admin = RedisClient.create(URI);
        StoreAvailability.require("Redis at " + URI, "Start it, or point -Dnonstop.it.redis.uri at one.", () -> {
            try (StatefulRedisConnection<String, String> c = admin.connect()) {
                c.sync().ping();
            }
        });
    }

    @AfterAll
    static void closeAdmin() {
        admin.shutdown();
    }

    /**
     * The orphan-grant finding of issue 10: an acquire timed out on the client while its commands sat
     * in a stalled connection; when they were delivered, the lock was granted to nobody and blocked
     * the lock for a ttl. Now the acquire given up sends its give-up behind them.
     */
    @Test
    void anAcquireGivenUpWhileItsCommandsWereStalledLeavesNoGrantWhenTheyLand() throws Exception {
        try (TcpProxy link = TcpProxy.start(storeAddress())) {
            LockService holder = newLockService();
            LockService stalled = newLockService(settingsFor(link.address()));
            LockService next = newLockService();
            stalled.tryAcquire(lockName() + "-warm-up", ttl()).orElseThrow().close();
            Lease first = holder.acquire(lockName(), ttl(), Duration.ofSeconds(5));

            link.blackHole();
            first.close(); // free: a stalled acquire takes the lock when it lands
            assertThatThrownBy(() -> stalled.acquire(lockName(), ttl(), Duration.ofMillis(800)))
                    .isInstanceOf(CoordinationException.class);
            link.restore(); // the stalled commands reach Redis now, in order

            long restored = System.nanoTime();
            try (Lease lease = next.acquire(lockName(), ttl(), ttl().dividedBy(2))) {
                System.out.printf(
                        "[%s] lock free %d ms after the stalled commands of a given-up acquire landed%n",
                        getClass().getSimpleName(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restored));
                assertThat(lease.fencingToken()).isGreaterThan(first.fencingToken());
            }
        }
    }

    @Override
    protected Class<? extends LockServiceFactory> factoryClass() {
        return RedisLockServiceFactory.class;
    }

    @Override
    protected InetSocketAddress storeAddress() {
        return addressOf(URI);
    }

    @Override
    protected Map<String, String> settingsFor(InetSocketAddress address) {
        return Map.of("redis.uri", withAddress(URI, address), "redis.clientName", CLIENT_NAME);
    }

    @Override
    protected void interruptStore(LockService holder) {
        try (StatefulRedisConnection<String, String> c = admin.connect()) {
            long killed = Arrays.stream(c.sync().clientList().split("\n"))
                    .filter(line -> line.contains(" name=" + CLIENT_NAME + " "))
                    .map(line -> line.substring(3, line.indexOf(' ')))
                    .peek(id -> c.sync().clientKill(io.lettuce.core.KillArgs.Builder.id(Long.parseLong(id))))
                    .count();
            assertThat(killed).isPositive();
        }
    }
}
