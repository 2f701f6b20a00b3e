package dev.nonstop.coordination.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The SQL that differs between databases: the database's current time, {@code now + ttl}, and
 * "insert the row unless it exists". Each {@code now + ttl} expression's {@code ?} takes the ttl in
 * milliseconds.
 */
public enum JdbcDialect {
    H2(
            "h2",
            "CURRENT_TIMESTAMP",
            "DATEADD(MILLISECOND, CAST(? AS BIGINT), CURRENT_TIMESTAMP)",
            "INSERT INTO nonstop_lease (name, holder, fencing_token, expires_at) VALUES (?, NULL, 0, CURRENT_TIMESTAMP)"),
    POSTGRESQL(
            "postgresql",
            "CURRENT_TIMESTAMP",
            "CURRENT_TIMESTAMP + CAST(? AS DOUBLE PRECISION) * INTERVAL '1 millisecond'",
            "INSERT INTO nonstop_lease (name, holder, fencing_token, expires_at) VALUES (?, NULL, 0, CURRENT_TIMESTAMP)"
                    + " ON CONFLICT (name) DO NOTHING"),
    MARIADB(
            "mariadb",
            "UTC_TIMESTAMP(6)",
            "TIMESTAMPADD(MICROSECOND, ? * 1000, UTC_TIMESTAMP(6))",
            "INSERT IGNORE INTO nonstop_lease (name, holder, fencing_token, expires_at) VALUES (?, NULL, 0, UTC_TIMESTAMP(6))");

    private final String migrationFolder;
    private final String now;
    private final String nowPlusTtl;
    private final String createIfAbsent;

    JdbcDialect(String migrationFolder, String now, String nowPlusTtl, String createIfAbsent) {
        this.migrationFolder = migrationFolder;
        this.now = now;
        this.nowPlusTtl = nowPlusTtl;
        this.createIfAbsent = createIfAbsent;
    }

    /** The dialect of the database behind {@code connection}. */
    public static JdbcDialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("h2")) {
            return H2;
        }
        if (product.contains("postgres")) {
            return POSTGRESQL;
        }
        if (product.contains("mariadb") || product.contains("mysql")) {
            return MARIADB;
        }
        throw new IllegalArgumentException("database: " + product + " (expected: H2, PostgreSQL, MariaDB or MySQL)");
    }

    String migrationLocation() {
        return "classpath:dev/nonstop/coordination/jdbc/migration/" + migrationFolder;
    }

    /**
     * Takes the lock when it is free, or when it is already ours (granted to a poll whose answer was
     * lost: granted again with a new token and expiry). Binds: holder, ttl ms, name, holder.
     */
    String takeOver() {
        return "UPDATE nonstop_lease SET holder = ?, fencing_token = fencing_token + 1, expires_at = " + nowPlusTtl
                + " WHERE name = ? AND (expires_at <= " + now + " OR holder = ?)";
    }

    /**
     * {@link #takeOver()} for a fair attempt: the lock must also have no live waiter with a lower
     * ticket. Binds: holder, ttl ms, name, name, our ticket ({@link Long#MAX_VALUE} without one),
     * holder.
     */
    String takeOverInTurn() {
        return "UPDATE nonstop_lease SET holder = ?, fencing_token = fencing_token + 1, expires_at = " + nowPlusTtl
                + " WHERE name = ? AND ((expires_at <= " + now
                + " AND NOT EXISTS (SELECT 1 FROM nonstop_lease_waiter w WHERE w.name = ? AND w.ticket < ?"
                + " AND w.expires_at > " + now + ")) OR holder = ?)";
    }

    /** Binds: name. */
    String deleteDeadWaiters() {
        return "DELETE FROM nonstop_lease_waiter WHERE name = ? AND expires_at <= " + now;
    }

    /** Binds: name, lease id, ticket ttl ms. */
    String joinLine() {
        return "INSERT INTO nonstop_lease_waiter (name, lease_id, expires_at) VALUES (?, ?, " + nowPlusTtl + ")";
    }

    /** Binds: name, lease id. */
    String readTicket() {
        return "SELECT ticket FROM nonstop_lease_waiter WHERE name = ? AND lease_id = ?";
    }

    /** Keeps our place in line, unless it expired. Binds: ticket ttl ms, ticket. */
    String keepTicket() {
        return "UPDATE nonstop_lease_waiter SET expires_at = " + nowPlusTtl + " WHERE ticket = ? AND expires_at > "
                + now;
    }

    /** Binds: name, ticket. */
    String waitersAhead() {
        return "SELECT COUNT(*) FROM nonstop_lease_waiter WHERE name = ? AND ticket < ? AND expires_at > " + now;
    }

    /** Binds: name, lease id. */
    String leaveLine() {
        return "DELETE FROM nonstop_lease_waiter WHERE name = ? AND lease_id = ?";
    }

    /** Frees the lock if a lease id holds it, whatever its token. Binds: name, holder. */
    String releaseAbandoned() {
        return "UPDATE nonstop_lease SET holder = NULL, expires_at = " + now + " WHERE name = ? AND holder = ?";
    }

    /** Binds: name, holder. */
    String readToken() {
        return "SELECT fencing_token FROM nonstop_lease WHERE name = ? AND holder = ?";
    }

    /** Binds: name. */
    String createIfAbsent() {
        return createIfAbsent;
    }

    /** Binds: ttl ms, name, holder, token. */
    String renew() {
        return "UPDATE nonstop_lease SET expires_at = " + nowPlusTtl
                + " WHERE name = ? AND holder = ? AND fencing_token = ? AND expires_at > " + now;
    }

    /** Binds: name, holder, token. */
    String release() {
        return "UPDATE nonstop_lease SET holder = NULL, expires_at = " + now
                + " WHERE name = ? AND holder = ? AND fencing_token = ?";
    }
}
