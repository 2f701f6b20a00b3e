package dev.nonstop.coordination.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nonstop.coordination.CoordinationStoreException;
import dev.nonstop.coordination.spi.LeaseAttempt;
import dev.nonstop.coordination.spi.LeaseGrant;
import dev.nonstop.coordination.spi.LeaseStore;
import dev.nonstop.coordination.spi.RenewalOutcome;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
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
    void aFairAttemptThatPollsFirstAfterAReleaseStillWaitsBehindTheEarlierWaiter() {
        LeaseGrant holder = take(store, "a", "lease-1").orElseThrow();
        try (LeaseAttempt earlier = store.begin("a", "lease-2", TTL, true);
                LeaseAttempt later = store.begin("a", "lease-3", TTL, true)) {
            assertThat(earlier.poll()).isEmpty();
            assertThat(earlier.waitersAhead()).isZero();
            store.release(holder);

            assertThat(later.poll())
                    .as("the lock is free, but lease-2 waited longer")
                    .isEmpty();
            assertThat(later.waitersAhead()).isEqualTo(1);
            assertThat(take(store, "a", "lease-4"))
                    .as("a try without waiting does not jump the line")
                    .isEmpty();
            assertThat(earlier.poll()).map(LeaseGrant::leaseId).hasValue("lease-2");
        }
    }

    @Test
    void aWaiterThatStopsPollingLosesItsPlaceWhenItsTicketLapses() throws SQLException {
        LeaseGrant holder = take(store, "a", "lease-1").orElseThrow();
        try (LeaseAttempt stopped = store.begin("a", "lease-2", TTL, true)) {
            assertThat(stopped.poll()).isEmpty();
            store.release(holder);
            execute("UPDATE nonstop_lease_waiter SET expires_at = DATEADD(SECOND, -1, CURRENT_TIMESTAMP)");

            assertThat(take(store, "a", "lease-3")).map(LeaseGrant::leaseId).hasValue("lease-3");
        }
    }

    @Test
    void anAttemptGivenUpLeavesTheLine() {
        LeaseGrant holder = take(store, "a", "lease-1").orElseThrow();
        try (LeaseAttempt givenUp = store.begin("a", "lease-2", TTL, true)) {
            assertThat(givenUp.poll()).isEmpty();
        }
        store.release(holder);
        assertThat(take(store, "a", "lease-3")).map(LeaseGrant::leaseId).hasValue("lease-3");
    }

    @Test
    void anUnfairAttemptTakesAFreeLockWhoeverWaits() {
        LeaseGrant holder = take(store, "a", "lease-1").orElseThrow();
        try (LeaseAttempt waiting = store.begin("a", "lease-2", TTL, true);
                LeaseAttempt barging = store.begin("a", "lease-3", TTL, false)) {
            assertThat(waiting.poll()).isEmpty();
            store.release(holder);
            assertThat(barging.poll()).map(LeaseGrant::leaseId).hasValue("lease-3");
        }
    }

    @Test
    void aPollOfAnAcquireThatAlreadyHoldsTheLockGrantsItAgainWithAFreshToken() {
        try (LeaseAttempt attempt = store.begin("a", "lease-1", TTL, true)) {
            LeaseGrant lost = attempt.poll().orElseThrow(); // as if this answer had never arrived
            assertThat(attempt.poll()).map(LeaseGrant::fencingToken).hasValue(lost.fencingToken() + 1);
        }
    }

    @Test
    void anAcquireGivenUpAfterACommitWhoseAnswerWasLostLeavesNoGrantBehind() {
        store.release(take(store, "a", "lease-0").orElseThrow()); // the lock's row exists, and it is free
        AtomicBoolean loseCommitAnswers = new AtomicBoolean(true);
        JdbcLeaseStore flaky = JdbcLeaseStore.builder(commitAnswersLost(dataSource, loseCommitAnswers))
                .migrate(false)
                .build();
        try (LeaseAttempt attempt = flaky.begin("a", "lease-1", TTL, true)) {
            assertThatThrownBy(attempt::poll).isInstanceOf(CoordinationStoreException.class);
        } // given up: the take-over was committed all the same
        loseCommitAnswers.set(false);

        await("the grant nobody heard of taken back")
                .atMost(Duration.ofSeconds(5))
                .until(() -> take(store, "a", "lease-2").isPresent());
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
        execute("UPDATE nonstop_lease SET expires_at = DATEADD(SECOND, -1, CURRENT_TIMESTAMP) WHERE name = '" + name
                + "'");
    }

    /** Connections whose commit goes through but then reports a failure, as a lost answer would. */
    private static DataSource commitAnswersLost(DataSource real, AtomicBoolean losing) {
        return (DataSource) Proxy.newProxyInstance(
                JdbcLeaseStoreTest.class.getClassLoader(), new Class<?>[] {DataSource.class}, (p, m, args) -> {
                    Object result = invoke(real, m, args);
                    if (!m.getName().equals("getConnection")) {
                        return result;
                    }
                    Connection connection = (Connection) result;
                    return Proxy.newProxyInstance(
                            JdbcLeaseStoreTest.class.getClassLoader(),
                            new Class<?>[] {Connection.class},
                            (c, cm, cargs) -> {
                                Object answer = invoke(connection, cm, cargs);
                                if (cm.getName().equals("commit") && losing.get()) {
                                    throw new SQLException(
                                            "connection reset (test): the commit's answer was lost", "08006");
                                }
                                return answer;
                            });
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}
