package dev.nonstop.spring.boot.scheduling;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Job leases in one table of the app's database: a row per job with its holder, its fencing token
 * and when the lease expires, in the database's own time (so the instances' clocks do not matter).
 * Every change is one compare-and-set {@code UPDATE} (or the first {@code INSERT}); a takeover adds
 * one to the token. The table is created on first use when missing ({@code VARCHAR}/{@code BIGINT}:
 * PostgreSQL, MariaDB/MySQL, H2 and others).
 */
public final class JdbcJobLeases {

    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final DataSource dataSource;
    private final String table;
    private final String owner;
    private volatile boolean tableChecked;

    /**
     * @param table the table's name (letters, digits, {@code _})
     * @param owner this instance's id in the table, unique in the cluster
     */
    public JdbcJobLeases(DataSource dataSource, String table, String owner) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        if (table == null || !TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException(
                    "table: " + table + " (expected: 1 to 63 letters, digits or '_', not starting with a digit)");
        }
        this.table = table;
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    public String owner() {
        return owner;
    }

    /**
     * Takes or renews the lease of {@code job} for {@code ttl}: its fencing token when this instance
     * holds it now, empty when another instance does.
     *
     * @param held the token this instance held the lease with, 0 when none
     */
    public OptionalLong acquire(String job, Duration ttl, long held) {
        ensureTable();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            long now = databaseMillis(c);
            long expires = now + ttl.toMillis();
            if (held > 0
                    && update(
                                    c,
                                    "UPDATE " + table
                                            + " SET expires_at = ? WHERE job_name = ? AND owner = ? AND token = ?"
                                            + " AND expires_at > ?",
                                    expires,
                                    job,
                                    owner,
                                    held,
                                    now)
                            == 1) {
                return OptionalLong.of(held);
            }
            if (update(
                            c,
                            "UPDATE " + table + " SET owner = ?, token = token + 1, expires_at = ? WHERE job_name = ?"
                                    + " AND (owner IS NULL OR expires_at <= ?)",
                            owner,
                            expires,
                            job,
                            now)
                    == 1) {
                return OptionalLong.of(token(c, job));
            }
            if (exists(c, job)) {
                return OptionalLong.empty();
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO " + table + " (job_name, owner, token, expires_at) VALUES (?, ?, 1, ?)")) {
                insert.setString(1, job);
                insert.setString(2, owner);
                insert.setLong(3, expires);
                insert.executeUpdate();
                return OptionalLong.of(1);
            } catch (SQLException e) {
                if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                    return OptionalLong.empty(); // another instance inserted it first
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("job lease " + job + " in table " + table + ": " + e, e);
        }
    }

    /** Gives the lease of {@code job} up, if this instance still holds it with {@code token}. */
    public void release(String job, long token) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            update(
                    c,
                    "UPDATE " + table + " SET owner = NULL, expires_at = 0 WHERE job_name = ? AND owner = ?"
                            + " AND token = ?",
                    job,
                    owner,
                    token);
        } catch (SQLException e) {
            throw new IllegalStateException("job lease " + job + " in table " + table + ": " + e, e);
        }
    }

    private void ensureTable() {
        if (tableChecked) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.executeQuery("SELECT job_name, owner, token, expires_at FROM " + table + " WHERE 1 = 0")
                        .close();
            } catch (SQLException missing) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE " + table + " (job_name VARCHAR(200) NOT NULL PRIMARY KEY,"
                            + " owner VARCHAR(200), token BIGINT NOT NULL, expires_at BIGINT NOT NULL)");
                } catch (SQLException race) {
                    // Another instance created it meanwhile: check it is there now.
                    try (Statement s = c.createStatement()) {
                        s.executeQuery("SELECT job_name FROM " + table + " WHERE 1 = 0")
                                .close();
                    }
                }
            }
            tableChecked = true;
        } catch (SQLException e) {
            throw new IllegalStateException("job lease table " + table + ": cannot create or read it: " + e, e);
        }
    }

    private static long databaseMillis(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT CURRENT_TIMESTAMP")) {
            rs.next();
            return rs.getTimestamp(1).getTime();
        }
    }

    private long token(Connection c, String job) throws SQLException {
        try (PreparedStatement select =
                c.prepareStatement("SELECT token FROM " + table + " WHERE job_name = ? AND owner = ?")) {
            select.setString(1, job);
            select.setString(2, owner);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("lease of " + job + " lost right after it was taken");
                }
                return rs.getLong(1);
            }
        }
    }

    private boolean exists(Connection c, String job) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM " + table + " WHERE job_name = ?")) {
            select.setString(1, job);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static int update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            return update.executeUpdate();
        }
    }
}
