package dev.nonstop.coordination.jdbc;

import dev.nonstop.coordination.CoordinationStoreException;
import dev.nonstop.coordination.spi.LeaseAttempt;
import dev.nonstop.coordination.spi.LeaseGrant;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * One acquire on the {@code nonstop_lease} row of a lock, and, when fair, its ticket in {@code
 * nonstop_lease_waiter}: the first poll takes a free lock when nobody waits; otherwise the attempt
 * joins the line, keeps its ticket alive while it polls and takes the lock only when its ticket is
 * the lowest live one (see the package documentation).
 */
final class JdbcLeaseAttempt implements LeaseAttempt {

    /** A waiter's place survives this long without a poll; never shorter than the ttl. */
    private static final Duration MIN_TICKET_TTL = Duration.ofSeconds(1);

    private final JdbcLeaseStore store;
    private final JdbcDialect dialect;
    private final String name;
    private final String leaseId;
    private final Duration ttl;
    private final boolean fair;
    private final long ticketTtlMillis;
    private long ticket;
    private long ticketKeptAt;
    private int ahead = -1;
    private boolean granted;
    private boolean joined;
    private boolean unanswered;

    JdbcLeaseAttempt(JdbcLeaseStore store, String name, String leaseId, Duration ttl, boolean fair) {
        this.store = store;
        this.dialect = store.dialect();
        this.name = name;
        this.leaseId = leaseId;
        this.ttl = ttl;
        this.fair = fair;
        this.ticketTtlMillis = Math.max(ttl.toMillis(), MIN_TICKET_TTL.toMillis());
    }

    @Override
    public Optional<LeaseGrant> poll() {
        try (Connection connection = store.connection()) {
            if (ticket != 0 && System.nanoTime() - ticketKeptAt > ticketTtlMillis * 1_000_000 / 4) {
                keepTicket(connection);
            }
            Optional<LeaseGrant> grant = takeOver(connection);
            if (grant.isEmpty() && store.createIfAbsent(connection, name)) {
                grant = takeOver(connection);
            }
            if (grant.isPresent()) {
                granted = true;
            } else if (fair && ticket == 0) {
                joinLine(connection);
            }
            ahead = grant.isEmpty() && ticket != 0 ? countAhead(connection) : -1;
            return grant;
        } catch (SQLException e) {
            if (JdbcLeaseStore.isContention(e)) {
                return Optional.empty();
            }
            unanswered = true; // the take-over may have been committed without our hearing of it, and stays so
            throw new CoordinationStoreException("acquire " + name + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            unanswered = true;
            throw e;
        }
    }

    @Override
    public int waitersAhead() {
        return ahead;
    }

    /** The conditional update, the read of the new token and leaving the line, in one transaction. */
    private Optional<LeaseGrant> takeOver(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            int updated;
            try (PreparedStatement update =
                    store.prepare(connection, fair ? dialect.takeOverInTurn() : dialect.takeOver())) {
                int i = 1;
                update.setString(i++, leaseId);
                update.setLong(i++, ttl.toMillis());
                update.setString(i++, name);
                if (fair) {
                    update.setString(i++, name);
                    update.setLong(i++, ticket == 0 ? Long.MAX_VALUE : ticket);
                }
                update.setString(i, leaseId);
                updated = update.executeUpdate();
            }
            Optional<LeaseGrant> grant = Optional.empty();
            if (updated == 1) {
                try (PreparedStatement select = store.prepare(connection, dialect.readToken())) {
                    select.setString(1, name);
                    select.setString(2, leaseId);
                    try (ResultSet rs = select.executeQuery()) {
                        if (!rs.next()) {
                            throw new SQLException("lease row of " + name + " vanished inside its transaction");
                        }
                        grant = Optional.of(new LeaseGrant(name, leaseId, rs.getLong(1), ""));
                    }
                }
                if (joined) {
                    leaveLine(connection);
                }
            }
            connection.commit();
            if (grant.isPresent()) {
                ticket = 0;
            }
            return grant;
        } catch (SQLException | RuntimeException e) {
            JdbcLeaseStore.rollbackQuietly(connection, e);
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private void joinLine(Connection connection) throws SQLException {
        try (PreparedStatement delete = store.prepare(connection, dialect.deleteDeadWaiters())) {
            delete.setString(1, name);
            delete.executeUpdate(); // also a ticket of ours that expired while this process was paused
        }
        long sent = System.nanoTime();
        joined = true;
        try (PreparedStatement insert = store.prepare(connection, dialect.joinLine())) {
            insert.setString(1, name);
            insert.setString(2, leaseId);
            insert.setLong(3, ticketTtlMillis);
            insert.executeUpdate();
        }
        try (PreparedStatement select = store.prepare(connection, dialect.readTicket())) {
            select.setString(1, name);
            select.setString(2, leaseId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("ticket of " + leaseId + " on " + name + " vanished after its insert");
                }
                ticket = rs.getLong(1);
                ticketKeptAt = sent;
            }
        }
    }

    private void keepTicket(Connection connection) throws SQLException {
        long sent = System.nanoTime();
        try (PreparedStatement update = store.prepare(connection, dialect.keepTicket())) {
            update.setLong(1, ticketTtlMillis);
            update.setLong(2, ticket);
            if (update.executeUpdate() == 1) {
                ticketKeptAt = sent;
                return;
            }
        }
        ticket = 0; // expired while this process was paused: join again at the end
    }

    private int countAhead(Connection connection) throws SQLException {
        try (PreparedStatement select = store.prepare(connection, dialect.waitersAhead())) {
            select.setString(1, name);
            select.setLong(2, ticket);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        }
    }

    private void leaveLine(Connection connection) throws SQLException {
        try (PreparedStatement delete = store.prepare(connection, dialect.leaveLine())) {
            delete.setString(1, name);
            delete.setString(2, leaseId);
            delete.executeUpdate();
        }
    }

    /**
     * Leaves the line; after a poll that got no answer, also frees the lock if that poll took it
     * (compare-and-delete on our lease id), so an acquire given up on leaves no grant behind. That
     * cleanup runs in the background, as the store is failing or slow just then; a take-over still
     * in flight behind it can land later, and then holds the lock for one ttl at most.
     */
    @Override
    public void close() {
        if (granted || (!joined && !unanswered)) {
            return;
        }
        boolean takeBack = unanswered;
        Runnable cleanUp = () -> {
            try (Connection connection = store.connection()) {
                if (joined) {
                    leaveLine(connection);
                }
                if (takeBack) {
                    try (PreparedStatement update = store.prepare(connection, dialect.releaseAbandoned())) {
                        update.setString(1, name);
                        update.setString(2, leaseId);
                        update.executeUpdate();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                // Our ticket expires by itself, and so does a grant after its ttl.
            }
        };
        if (takeBack) {
            Thread.ofVirtual().name("nonstop-lease-give-up").start(cleanUp);
        } else {
            cleanUp.run();
        }
    }
}
