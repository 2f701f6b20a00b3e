package dev.nonstop.coordination.redis;

import dev.nonstop.coordination.LockService;
import dev.nonstop.coordination.contract.ClosingLockService;
import dev.nonstop.coordination.contract.LockServiceFactory;
import dev.nonstop.coordination.lease.LeaseLockService;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Map;

/** Settings: {@code redis.uri}, {@code redis.clientName} (so that a test can find and kill the connections). */
public final class RedisLockServiceFactory implements LockServiceFactory {

    @Override
    public LockService create(Map<String, String> settings) {
        RedisURI uri = RedisURI.create(settings.get("redis.uri"));
        uri.setClientName(settings.get("redis.clientName"));
        RedisClient client = RedisClient.create(uri);
        try {
            RedisLeaseStore store = RedisLeaseStore.builder(client)
                    .commandTimeout(Duration.ofMillis(500))
                    .build();
            return new ClosingLockService(LeaseLockService.builder(store).build(), client::shutdown);
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }
}
