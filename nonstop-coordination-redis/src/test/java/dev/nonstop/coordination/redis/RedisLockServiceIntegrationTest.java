package dev.nonstop.coordination.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.coordination.LockService;
import dev.nonstop.coordination.contract.LockServiceContractTest;
import dev.nonstop.coordination.contract.LockServiceFactory;
import dev.nonstop.coordination.contract.StoreAvailability;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

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
