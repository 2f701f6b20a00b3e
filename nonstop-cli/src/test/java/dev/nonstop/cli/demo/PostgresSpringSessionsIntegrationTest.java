package dev.nonstop.cli.demo;

import dev.nonstop.cli.up.SessionStoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Sessions in PostgreSQL (127.0.0.1:5432, database {@code test}, user {@code postgres}), in a schema of their own,
 * named in {@code nonstop.yaml}'s {@code sessions:}.
 */
class PostgresSpringSessionsIntegrationTest extends SpringSessionsReleaseContract {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String SCHEMA = "nonstop_sample_sessions";

    @Override
    SessionStoreConfig sessions() {
        try (Connection c = DriverManager.getConnection(SERVER, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
        } catch (SQLException e) {
            throw new AssertionError(
                    "this test needs PostgreSQL on 127.0.0.1:5432 (database test, user postgres, trust): " + e, e);
        }
        return new SessionStoreConfig(
                SessionStoreConfig.Store.JDBC, 0, SERVER + "?currentSchema=" + SCHEMA, "postgres", "");
    }

    @Override
    long storedSessions(Path dataDir, String progress) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER, "postgres", "");
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM " + SCHEMA + ".spring_session")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
