package dev.nonstop.cli.demo;

import dev.nonstop.cli.up.SessionStoreConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;

/** Sessions in Redis (127.0.0.1:6379), named in {@code nonstop.yaml}'s {@code sessions:}. */
class RedisSpringSessionsIntegrationTest extends SpringSessionsReleaseContract {
    @Override
    SessionStoreConfig sessions() {
        try (Socket redis = new Socket()) {
            redis.connect(new InetSocketAddress("127.0.0.1", 6379), 2000);
        } catch (IOException e) {
            throw new AssertionError("this test needs Redis on 127.0.0.1:6379: " + e, e);
        }
        return new SessionStoreConfig(SessionStoreConfig.Store.REDIS, 0, "redis://127.0.0.1:6379", "", "");
    }

    @Override
    long storedSessions(Path dataDir, String progress) {
        RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            return redis.sync().keys("spring:session:sessions:*").size();
        } finally {
            client.shutdown();
        }
    }
}
