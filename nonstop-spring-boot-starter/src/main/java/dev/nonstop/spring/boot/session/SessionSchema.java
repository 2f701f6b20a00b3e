package dev.nonstop.spring.boot.session;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.datasource.init.ScriptException;

/**
 * Creates Spring Session's tables when they are missing, with the schema script Spring Session
 * ships for the database. Safe when several instances start at once: when the script fails because
 * another instance created the tables meanwhile, the tables exist and that is enough.
 */
final class SessionSchema {

    static final String TABLE = "SPRING_SESSION";

    private SessionSchema() {}

    static void ensure(DataSource dataSource) {
        String platform;
        try (Connection connection = dataSource.getConnection()) {
            if (exists(connection)) {
                return;
            }
            platform = platform(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the session database: " + e.getMessage(), e);
        }
        ClassPathResource script =
                new ClassPathResource("org/springframework/session/jdbc/schema-" + platform + ".sql");
        try {
            new ResourceDatabasePopulator(script).execute(dataSource);
        } catch (ScriptException e) {
            try (Connection connection = dataSource.getConnection()) {
                if (exists(connection)) {
                    return; // another instance won the race
                }
            } catch (SQLException again) {
                e.addSuppressed(again);
            }
            throw new IllegalStateException(
                    "cannot create the session tables with " + script.getPath() + ": " + e.getMessage(), e);
        }
    }

    /** Spring Session's script suffix for a {@code DatabaseMetaData.getDatabaseProductName()}. */
    static String platform(String product) {
        String name = product.toLowerCase(Locale.ROOT);
        if (name.contains("h2")) {
            return "h2";
        }
        if (name.contains("postgres")) {
            return "postgresql";
        }
        if (name.contains("mariadb") || name.contains("mysql")) {
            return "mysql";
        }
        if (name.contains("hsql")) {
            return "hsqldb";
        }
        if (name.contains("oracle")) {
            return "oracle";
        }
        if (name.contains("microsoft") || name.contains("sql server")) {
            return "sqlserver";
        }
        if (name.contains("db2")) {
            return "db2";
        }
        if (name.contains("derby")) {
            return "derby";
        }
        throw new IllegalStateException("nonstop.session.jdbc.url: a " + product + " database (expected: H2, "
                + "PostgreSQL, MariaDB, MySQL, HSQLDB, Oracle, SQL Server, DB2 or Derby, or create the "
                + "SPRING_SESSION tables yourself)");
    }

    private static boolean exists(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        for (String name : new String[] {TABLE, TABLE.toLowerCase(Locale.ROOT)}) {
            try (ResultSet tables =
                    meta.getTables(connection.getCatalog(), connection.getSchema(), name, new String[] {"TABLE"})) {
                if (tables.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
