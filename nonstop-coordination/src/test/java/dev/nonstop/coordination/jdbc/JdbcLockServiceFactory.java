package dev.nonstop.coordination.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.nonstop.coordination.LockService;
import dev.nonstop.coordination.contract.ClosingLockService;
import dev.nonstop.coordination.contract.LockServiceFactory;
import dev.nonstop.coordination.lease.LeaseLockService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Settings: {@code jdbc.url}, {@code jdbc.user}, {@code jdbc.password}. A small Hikari pool per service. */
public final class JdbcLockServiceFactory implements LockServiceFactory {

    private static final Map<LockService, HikariDataSource> POOLS = new ConcurrentHashMap<>();

    @Override
    public LockService create(Map<String, String> settings) {
        HikariDataSource pool = LeaseDataSource.pooled(
                settings.get("jdbc.url"),
                settings.getOrDefault("jdbc.user", ""),
                settings.getOrDefault("jdbc.password", ""),
                3);
        try {
            LeaseLockService service = LeaseLockService.builder(JdbcLeaseStore.builder(pool)
                            .queryTimeout(java.time.Duration.ofSeconds(2))
                            .build())
                    .build();
            ClosingLockService closing =
                    new ClosingLockService(service, pool, () -> POOLS.values().remove(pool));
            POOLS.put(closing, pool);
            return closing;
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** The pool behind a service this factory made in this JVM. */
    static HikariDataSource poolOf(LockService service) {
        HikariDataSource pool = POOLS.get(service);
        if (pool == null) {
            throw new IllegalArgumentException(
                    service + " was not made by " + JdbcLockServiceFactory.class.getSimpleName());
        }
        return pool;
    }
}
