package dev.nonstop.sample.spring.work;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * What the instances did, in a database they share ({@code sample.ledger.url}): one row per message processed
 * ({@code sample_processed}: broker, message id, instance) and one per job run ({@code sample_job_run}: the job's
 * time slot, instance, fencing token). Rows are only added, never deduplicated: a message processed twice or a slot
 * run twice shows as two rows. Also where the job's lease lives.
 */
public final class Ledger implements AutoCloseable {

    private final HikariDataSource dataSource;

    Ledger(String url, String username, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(4);
        config.setPoolName("sample-ledger");
        this.dataSource = new HikariDataSource(config);
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS sample_processed (broker VARCHAR(20) NOT NULL,"
                    + " message_id VARCHAR(100) NOT NULL, instance_id VARCHAR(100) NOT NULL,"
                    + " processed_at TIMESTAMP NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS sample_job_run (job_name VARCHAR(100) NOT NULL,"
                    + " slot BIGINT NOT NULL, instance_id VARCHAR(100) NOT NULL, token BIGINT NOT NULL,"
                    + " ran_at TIMESTAMP NOT NULL)");
        } catch (SQLException e) {
            dataSource.close();
            throw new IllegalStateException(
                    "sample.ledger.url: cannot create the ledger's tables in " + url + ": " + e.getMessage(), e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Records that {@code instance} processed message {@code id} from {@code broker}. */
    public void processed(String broker, String id, String instance) {
        insert(
                "INSERT INTO sample_processed (broker, message_id, instance_id, processed_at)"
                        + " VALUES (?, ?, ?, CURRENT_TIMESTAMP)",
                broker,
                id,
                instance);
    }

    /** Records a run of {@code job} for its time {@code slot} on {@code instance}, holding {@code token}. */
    public void jobRan(String job, long slot, String instance, long token) {
        insert(
                "INSERT INTO sample_job_run (job_name, slot, instance_id, token, ran_at)"
                        + " VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)",
                job,
                slot,
                instance,
                token);
    }

    private void insert(String sql, Object... values) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                insert.setObject(i + 1, values[i]);
            }
            insert.executeUpdate();
        } catch (SQLException e) {
            // Thrown to the consumer: the message is not acked and comes again.
            throw new IllegalStateException("ledger: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
