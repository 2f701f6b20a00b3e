package dev.nonstop.bench.locks;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;

/**
 * Curator's {@link InterProcessMutex} on the same ZooKeeper, on a client whose session timeout is
 * our ttl (what ends a crashed holder's lock). Acquires with {@code acquire(time, unit)}, the bounded
 * form of {@code acquire()} (same path when the lock is free: create the node, list the children).
 */
final class CuratorLockClient implements LockClient {

    private static final String BASE_PATH = "/bench/curator-locks/";

    private final CuratorFramework client;
    private final Map<String, InterProcessMutex> mutexes = new ConcurrentHashMap<>();

    private CuratorLockClient(CuratorFramework client) {
        this.client = client;
    }

    static CuratorLockClient connect(String connect, Duration sessionTimeout) {
        return new CuratorLockClient(NonstopLockClient.curator(connect, sessionTimeout));
    }

    @Override
    public Held acquire(String name, Duration maxWait) throws InterruptedException {
        InterProcessMutex mutex = mutexes.computeIfAbsent(name, n -> new InterProcessMutex(client, BASE_PATH + n));
        boolean locked;
        try {
            locked = mutex.acquire(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new LockNotAcquiredException(name, maxWait, e);
        }
        if (!locked) {
            throw new LockNotAcquiredException(name, maxWait, null);
        }
        return () -> {
            try {
                mutex.release();
            } catch (Exception e) {
                throw new IllegalStateException("release " + name + ": " + e, e);
            }
        };
    }

    @Override
    public void close() {
        client.close();
    }
}
