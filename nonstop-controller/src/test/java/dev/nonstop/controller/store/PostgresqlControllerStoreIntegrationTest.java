package dev.nonstop.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract on PostgreSQL ({@code -Dnonstop.it.postgresql.url}, default {@code 127.0.0.1:5432/test}, user
 * {@code postgres}), in a schema of its own that is dropped afterwards. An unreachable server fails the test with
 * what to start; it is never skipped.
 */
class PostgresqlControllerStoreIntegrationTest extends ControllerStoreContractTest {

    private static final String URL =
            System.getProperty("nonstop.it.postgresql.url", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = System.getProperty("nonstop.it.postgresql.user", "postgres");
    private static final String PASSWORD = System.getProperty("nonstop.it.postgresql.password", "");
    private static final String SCHEMA =
            "nonstop_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @BeforeAll
    static void createSchema() {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + SCHEMA);
            schemaCreated = true;
        } catch (SQLException e) {
            fail(
                    "PostgreSQL at " + URL + " (user " + USER + ") is unreachable (" + e.getMessage()
                            + "). Start it, or point -Dnonstop.it.postgresql.url / .user / .password at one.",
                    e);
        }
    }

    private static boolean schemaCreated;

    @AfterAll
    static void dropSchema() throws SQLException {
        if (!schemaCreated) {
            return;
        }
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    private static String schemaUrl() {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
    }

    @Override
    protected ControllerStore openStore() {
        return ControllerStore.jdbc(schemaUrl(), USER, PASSWORD);
    }

    @Test
    void theSchemaLivesInTheTestSchemaWithItsOwnHistoryTable() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
                ResultSet tables = c.getMetaData().getTables(null, SCHEMA, "nonstop_%", null)) {
            java.util.List<String> names = new java.util.ArrayList<>();
            while (tables.next()) {
                if ("TABLE".equals(tables.getString("TABLE_TYPE"))) {
                    names.add(tables.getString("TABLE_NAME"));
                }
            }
            assertThat(names)
                    .contains(
                            "nonstop_apps",
                            "nonstop_instances",
                            "nonstop_releases",
                            "nonstop_release_steps",
                            "nonstop_audit_log",
                            ControllerStore.HISTORY_TABLE);
        }
    }
}
