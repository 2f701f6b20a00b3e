package dev.nonstop.coordination.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/**
 * A HikariCP pool tuned for leases: small, and quick to give up on a connection, because a renewal
 * that waits longer than the ttl for a connection loses its lease anyway. Dead connections are
 * evicted also when H2 reports them with its own codes ({@link BrokenConnectionEviction}).
 */
public final class LeaseDataSource {

    private LeaseDataSource() {}

    /** A pool of at most {@code maxConnections} connections that waits at most 1 s for one. */
    public static HikariDataSource pooled(String jdbcUrl, String user, String password, int maxConnections) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections: " + maxConnections + " (expected: >= 1)");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maxConnections);
        config.setMinimumIdle(maxConnections);
        config.setConnectionTimeout(Duration.ofSeconds(1).toMillis());
        config.setValidationTimeout(Duration.ofMillis(500).toMillis());
        config.setPoolName("nonstop-leases");
        config.setExceptionOverrideClassName(BrokenConnectionEviction.class.getName());
        return new HikariDataSource(config);
    }
}
