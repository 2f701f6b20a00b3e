package dev.nonstop.coordination.jdbc;

import dev.nonstop.coordination.CoordinationStoreException;
import dev.nonstop.coordination.spi.LeaseAttempt;
import dev.nonstop.coordination.spi.LeaseGrant;
import dev.nonstop.coordination.spi.LeaseStore;
import dev.nonstop.coordination.spi.RenewalOutcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Leases in the {@code nonstop_lease} table (see the package documentation for the statements).
 * Give it a pooled {@link DataSource} (HikariCP) with a short connection timeout: a renewal that
 * waits for a connection longer than the ttl loses the lease.
 */
public final class JdbcLeaseStore implements LeaseStore {

    private static final String H2_LOCK_TIMEOUT = "HYT00";

    private final DataSource dataSource;
    private final JdbcDialect dialect;
    private final int queryTimeoutSeconds;

    private JdbcLeaseStore(DataSource dataSource, JdbcDialect dialect, Duration queryTimeout) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.queryTimeoutSeconds = (int) Math.max(1, queryTimeout.toSeconds());
    }

    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    public JdbcDialect dialect() {
        return dialect;
    }

    @Override
    public LeaseAttempt begin(String name, String leaseId, Duration ttl, boolean fair) {
        return new JdbcLeaseAttempt(this, name, leaseId, ttl, fair);
    }

    Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    boolean createIfAbsent(Connection connection, String name) throws SQLException {
        try (PreparedStatement insert = prepare(connection, dialect.createIfAbsent())) {
            insert.setString(1, name);
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            if (isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public RenewalOutcome renew(LeaseGrant grant, Duration ttl) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = prepare(connection, dialect.renew())) {
            update.setLong(1, ttl.toMillis());
            update.setString(2, grant.name());
            update.setString(3, grant.leaseId());
            update.setLong(4, grant.fencingToken());
            return update.executeUpdate() == 1 ? RenewalOutcome.RENEWED : RenewalOutcome.TAKEN_OVER;
        } catch (SQLException e) {
            throw new CoordinationStoreException("renew " + grant.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void release(LeaseGrant grant) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = prepare(connection, dialect.release())) {
            update.setString(1, grant.name());
            update.setString(2, grant.leaseId());
            update.setLong(3, grant.fencingToken());
            update.executeUpdate();
        } catch (SQLException e) {
            throw new CoordinationStoreException("release " + grant.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // The data source belongs to the caller.
    }

    PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setQueryTimeout(queryTimeoutSeconds);
        return statement;
    }

    static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Another transaction is taking the same row: not a failure, poll again later. */
    static boolean isContention(SQLException e) {
        String state = e.getSQLState();
        return (e instanceof SQLTransientException && !(e instanceof SQLTransientConnectionException))
                || (state != null && (state.startsWith("40") || state.equals(H2_LOCK_TIMEOUT)))
                || isDuplicateKey(e);
    }

    private static boolean isDuplicateKey(SQLException e) {
        return "23505".equals(e.getSQLState()) || "23000".equals(e.getSQLState());
    }

    /** Settings of a {@link JdbcLeaseStore}. */
    public static final class Builder {
        private final DataSource dataSource;
        private boolean migrate = true;
        private Duration queryTimeout = Duration.ofSeconds(5);
        private JdbcDialect dialect;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** Whether to create or upgrade the table with Flyway on {@link #build()}. Default: true. */
        public Builder migrate(boolean migrate) {
            this.migrate = migrate;
            return this;
        }

        /** The timeout of each statement, rounded up to whole seconds. Default: 5 s. */
        public Builder queryTimeout(Duration queryTimeout) {
            if (queryTimeout == null || queryTimeout.isNegative() || queryTimeout.isZero()) {
                throw new IllegalArgumentException("queryTimeout: " + queryTimeout + " (expected: > 0)");
            }
            this.queryTimeout = queryTimeout;
            return this;
        }

        /** Forces the dialect instead of detecting it from the connection's metadata. */
        public Builder dialect(JdbcDialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        /**
         * Detects the dialect and migrates the schema.
         *
         * @throws CoordinationStoreException when the database cannot be reached or migrated
         */
        public JdbcLeaseStore build() {
            JdbcDialect chosen = dialect;
            if (chosen == null) {
                try (Connection connection = dataSource.getConnection()) {
                    chosen = JdbcDialect.of(connection);
                } catch (SQLException e) {
                    throw new CoordinationStoreException("cannot reach the lease database: " + e.getMessage(), e);
                }
            }
            if (migrate) {
                migrate(chosen);
            }
            return new JdbcLeaseStore(dataSource, chosen, queryTimeout);
        }

        private void migrate(JdbcDialect chosen) {
            try {
                Flyway.configure()
                        .dataSource(dataSource)
                        .locations(chosen.migrationLocation())
                        .table("nonstop_coordination_schema_history")
                        .baselineOnMigrate(true)
                        .baselineVersion("0")
                        .load()
                        .migrate();
            } catch (RuntimeException e) {
                throw new CoordinationStoreException("cannot migrate the lease table: " + e.getMessage(), e);
            }
        }
    }
}
