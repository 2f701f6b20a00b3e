package dev.nonstop.bench.locks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.redisson.Redisson;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Redisson's {@link RLock} on the same Redis, with Redisson's default connection settings.
 *
 * <p>Two ways to hold: with a lease time equal to our ttl and no watchdog ({@code tryLock(wait,
 * leaseTime)}, the bounded form of {@code lock(leaseTime)}: the fair peer of a ttl lease for
 * throughput), or with the watchdog ({@code tryLock(wait)}), which renews every third of {@code
 * lockWatchdogTimeout} like our renewal: the fair peer of a lease that a live holder keeps.
 */
final class RedissonLockClient implements LockClient {

    private static final String KEY_PREFIX = "bench:redisson:";

    private final RedissonClient redisson;
    private final Duration leaseTime;

    private RedissonLockClient(RedissonClient redisson, Duration leaseTime) {
        this.redisson = redisson;
        this.leaseTime = leaseTime;
    }

    /** Locks that expire after {@code leaseTime}, not renewed. */
    static RedissonLockClient withLeaseTime(String address, Duration leaseTime) {
        return new RedissonLockClient(Redisson.create(config(address)), leaseTime);
    }

    /** Locks renewed by the watchdog, which lets them expire {@code watchdogTimeout} after a crash. */
    static RedissonLockClient withWatchdog(String address, Duration watchdogTimeout) {
        Config config = config(address);
        config.setLockWatchdogTimeout(watchdogTimeout.toMillis());
        return new RedissonLockClient(Redisson.create(config), null);
    }

    private static Config config(String address) {
        Config config = new Config();
        config.useSingleServer().setAddress(address);
        return config;
    }

    @Override
    public Held acquire(String name, Duration maxWait) throws InterruptedException {
        RLock lock = redisson.getLock(KEY_PREFIX + name);
        boolean locked = leaseTime == null
                ? lock.tryLock(maxWait.toMillis(), TimeUnit.MILLISECONDS)
                : lock.tryLock(maxWait.toMillis(), leaseTime.toMillis(), TimeUnit.MILLISECONDS);
        if (!locked) {
            throw new LockNotAcquiredException(name, maxWait, null);
        }
        return lock::unlock;
    }

    @Override
    public void close() {
        redisson.shutdown();
    }
}
