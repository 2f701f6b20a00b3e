package dev.nonstop.coordination.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nonstop.coordination.spi.LeaseGrant;
import dev.nonstop.coordination.spi.LeaseStore;
import dev.nonstop.coordination.spi.RenewalOutcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The JDBC store's statements on an embedded in-memory H2; expiry is forced by moving expires_at. */
class JdbcLeaseStoreTest {

    private static final Duration TTL = Duration.ofSeconds(30);

    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final JdbcLeaseStore store;

    JdbcLeaseStoreTest() {
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        store = JdbcLeaseStore.builder(dataSource).build();
    }

    @Test
    void theDialectIsDetectedAndTheTableMigrated() {
        assertThat(store.dialect()).isEqualTo(JdbcDialect.H2);
    }

    @Test
    void aFreeLockIsGrantedWithTokenOneAndABusyOneIsNot() {
        assertThat(take(store, "a", "lease-1")).map(LeaseGrant::fencingToken).hasValue(1L);
        assertThat(take(store, "a", "lease-2")).isEmpty();
    }

    @Test
    void theTokenKeepsIncreasingAcrossReleasesAndTakeOvers() throws SQLException {
        LeaseGrant first = take(store, "a", "lease-1").orElseThrow();
        store.release(first);
        LeaseGrant second = take(store, "a", "lease-2").orElseThrow();
        expire("a");
        LeaseGrant third = take(store, "a", "lease-3").orElseThrow();

        assertThat(second.fencingToken()).isEqualTo(2);
        assertThat(third.fencingToken()).isEqualTo(3);
        assertThat(store.renew(second, TTL)).isEqualTo(RenewalOutcome.TAKEN_OVER);
        assertThat(store.renew(third, TTL)).isEqualTo(RenewalOutcome.RENEWED);
    }

    @Test
    void anExpiredLeaseCannotBeRenewedEvenIfNobodyTookIt() throws SQLException {
        LeaseGrant grant = take(store, "a", "lease-1").orElseThrow();
        expire("a");
        assertThat(store.renew(grant, TTL)).isEqualTo(RenewalOutcome.TAKEN_OVER);
    }

    @Test
    void releasingSomeoneElsesLeaseDoesNothing() {
        LeaseGrant holder = take(store, "a", "lease-1").orElseThrow();
        store.release(new LeaseGrant("a", "lease-2", holder.fencingToken(), ""));
        assertThat(store.renew(holder, TTL)).isEqualTo(RenewalOutcome.RENEWED);
    }

    @Test
    void migratingTwiceIsHarmless() {
        assertThat(JdbcLeaseStore.builder(dataSource).build().dialect()).isEqualTo(JdbcDialect.H2);
    }

    private static Optional<LeaseGrant> take(LeaseStore store, String name, String leaseId) {
        try (var attempt = store.begin(name, leaseId, TTL, true)) {
            return attempt.poll();
        }
    }

    private void expire(String name) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate(
                    "UPDATE nonstop_lease SET expires_at = DATEADD(SECOND, -1, CURRENT_TIMESTAMP) WHERE name = '" + name
                            + "'");
        }
    }
}
