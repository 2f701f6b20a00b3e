package dev.nonstop.bench.locks;

import java.time.Duration;
import java.util.Map;

/**
 * The lock implementations, each opened from string settings so that a child JVM can open the same
 * one from its command line.
 */
enum Kind {
    /** Settings: {@code url}, {@code user}. */
    NONSTOP_JDBC,
    /** Settings: {@code uri}. */
    NONSTOP_REDIS,
    /** Settings: {@code connect}. */
    NONSTOP_ZOOKEEPER,
    /** Settings: {@code endpoint}. */
    NONSTOP_ETCD,
    /** Settings: {@code address}; lease time = ttl, no watchdog. */
    REDISSON,
    /** Settings: {@code address}, {@code watchdogMs}. */
    REDISSON_WATCHDOG,
    /** Settings: {@code connect}; session timeout = ttl. */
    CURATOR;

    LockClient open(Map<String, String> settings, Duration ttl) {
        return switch (this) {
            case NONSTOP_JDBC -> NonstopLockClient.jdbc(setting(settings, "url"), setting(settings, "user"), ttl);
            case NONSTOP_REDIS -> NonstopLockClient.redis(setting(settings, "uri"), ttl);
            case NONSTOP_ZOOKEEPER -> NonstopLockClient.zookeeper(setting(settings, "connect"), ttl);
            case NONSTOP_ETCD -> NonstopLockClient.etcd(setting(settings, "endpoint"), ttl);
            case REDISSON -> RedissonLockClient.withLeaseTime(setting(settings, "address"), ttl);
            case REDISSON_WATCHDOG ->
                RedissonLockClient.withWatchdog(
                        setting(settings, "address"),
                        Duration.ofMillis(Long.parseLong(setting(settings, "watchdogMs"))));
            case CURATOR -> CuratorLockClient.connect(setting(settings, "connect"), ttl);
        };
    }

    private String setting(Map<String, String> settings, String key) {
        String value = settings.get(key);
        if (value == null) {
            throw new IllegalArgumentException(this + " needs the setting " + key + " (got: " + settings + ")");
        }
        return value;
    }
}
