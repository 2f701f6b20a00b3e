package dev.nonstop.cli.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.h2.engine.SysProperties;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;

/**
 * The database the Spring sample's instances share in the demo (their {@code sample.ledger.url}): an H2 database in
 * the demo's directory, served over H2's TCP protocol on 127.0.0.1 (an ephemeral port) with a user and password
 * made for the run. The instances record there each message they processed and each job run, and hold the job's
 * lease; the demo reads the figures from it.
 */
final class DemoLedger implements AutoCloseable {
    private static final String USER = "sample";
    private static final String DATABASE = "ledger";

    static {
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }

    private final Server server;
    private final String password;
    private final JdbcDataSource local;

    private DemoLedger(Server server, String password, JdbcDataSource local) {
        this.server = server;
        this.password = password;
        this.local = local;
    }

    static DemoLedger start(Path dir) throws IOException {
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        JdbcDataSource local = new JdbcDataSource();
        local.setURL("jdbc:h2:file:" + dir.toAbsolutePath().resolve(DATABASE));
        local.setUser(USER);
        local.setPassword(password);
        try (Connection c = local.getConnection()) {
            // Creates the database, its owner the user above.
            c.isValid(1);
        } catch (SQLException e) {
            throw new IOException("the demo's ledger database under " + dir + ": " + e.getMessage(), e);
        }
        try {
            Server server = Server.createTcpServer(
                            "-tcpPort", "0", "-baseDir", dir.toAbsolutePath().toString(), "-tcpDaemon")
                    .start();
            return new DemoLedger(server, password, local);
        } catch (SQLException e) {
            throw new IOException("the demo's ledger database cannot listen: " + e.getMessage(), e);
        }
    }

    /** What the instances get to reach it. */
    Map<String, String> env() {
        return Map.of(
                "SAMPLE_LEDGER_URL",
                "jdbc:h2:tcp://" + SysProperties.BIND_ADDRESS + ":" + server.getPort() + "/" + DATABASE,
                "SAMPLE_LEDGER_USERNAME",
                USER,
                "SAMPLE_LEDGER_PASSWORD",
                password);
    }

    /** How many rows and distinct ids of {@code broker}'s messages the instances recorded, among {@code published}. */
    Processed processed(String broker, Set<String> published) throws SQLException {
        Set<String> seen = new HashSet<>();
        long rows = 0;
        long foreign = 0;
        if (!tableExists("SAMPLE_PROCESSED")) {
            return new Processed(0, 0, 0);
        }
        try (Connection c = local.getConnection();
                PreparedStatement select =
                        c.prepareStatement("SELECT message_id FROM sample_processed WHERE broker = ?")) {
            select.setString(1, broker);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    if (published.contains(id)) {
                        rows++;
                        seen.add(id);
                    } else {
                        foreign++;
                    }
                }
            }
        }
        return new Processed(seen.size(), rows - seen.size(), foreign);
    }

    /**
     * The runs of {@code job} the instances recorded: the slots from the first run's to the last's, those without a
     * run and those run more than once (extra runs counted).
     */
    JobRuns jobRuns(String job) throws SQLException {
        if (!tableExists("SAMPLE_JOB_RUN")) {
            return new JobRuns(0, 0, 0, 0, 0);
        }
        try (Connection c = local.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT MIN(slot), MAX(slot), COUNT(DISTINCT slot),"
                        + " COUNT(*), COUNT(DISTINCT instance_id) FROM sample_job_run WHERE job_name = ?")) {
            select.setString(1, job);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                long runs = rs.getLong(4);
                if (runs == 0) {
                    return new JobRuns(0, 0, 0, 0, 0);
                }
                long slots = rs.getLong(2) - rs.getLong(1) + 1;
                long distinct = rs.getLong(3);
                return new JobRuns(slots, runs, slots - distinct, runs - distinct, rs.getInt(5));
            }
        }
    }

    private boolean tableExists(String table) throws SQLException {
        try (Connection c = local.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = '" + table + "'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    /**
     * @param processed distinct published ids processed
     * @param duplicated extra rows of published ids (processed more than once)
     * @param foreign rows of ids this run did not publish (none expected)
     */
    record Processed(long processed, long duplicated, long foreign) {}

    /**
     * @param slots the slots from the first run's to the last's
     * @param instances how many instances ran it
     */
    record JobRuns(long slots, long runs, long missed, long doubled, int instances) {}

    @Override
    public void close() {
        server.stop();
    }
}
