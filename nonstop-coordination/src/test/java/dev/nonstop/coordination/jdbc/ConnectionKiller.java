package dev.nonstop.coordination.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Kills, from the server side, every connection a pool holds: what a database restart or a network
 * cut does to a client. The pool's connections are borrowed at once to read their server ids.
 */
final class ConnectionKiller {

    private final String idQuery;
    private final String killStatement;

    private ConnectionKiller(String idQuery, String killStatement) {
        this.idQuery = idQuery;
        this.killStatement = killStatement;
    }

    static ConnectionKiller postgresql() {
        return new ConnectionKiller("SELECT pg_backend_pid()", "SELECT pg_terminate_backend(%d)");
    }

    static ConnectionKiller mariadb() {
        return new ConnectionKiller("SELECT CONNECTION_ID()", "KILL CONNECTION %d");
    }

    /** Returns how many connections were killed. */
    int killAll(HikariDataSource pool, String url, String user, String password) throws SQLException {
        List<Long> ids = new ArrayList<>();
        List<Connection> borrowed = new ArrayList<>();
        try {
            for (int i = 0; i < pool.getMaximumPoolSize(); i++) {
                Connection connection = pool.getConnection();
                borrowed.add(connection);
                try (Statement s = connection.createStatement();
                        var rs = s.executeQuery(idQuery)) {
                    rs.next();
                    ids.add(rs.getLong(1));
                }
            }
        } finally {
            for (Connection connection : borrowed) {
                connection.close();
            }
        }
        try (Connection admin = DriverManager.getConnection(url, user, password);
                Statement s = admin.createStatement()) {
            for (long id : ids) {
                s.execute(String.format(killStatement, id));
            }
        }
        return ids.size();
    }
}
