package dev.nonstop.spring.boot.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nonstop.app.NonstopApp;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The lock-guarded {@link NonstopJob} on PostgreSQL: one holder at a time across 3 instances
 * released one after another, taken over with a greater fencing token, nothing started on a
 * drained instance, no long gap; and a lease whose holder stops renewing is taken over once it
 * expires.
 */
class ClusterJobsIntegrationTest {

    static final String SCHEMA =
            "nonstop_jobs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final long PERIOD_MS = 100;

    /** Every instance calls it every 100 ms; it runs only on the lease holder and logs the run with its token. */
    public static class Tick {
        private final DataSource dataSource;
        private final NonstopApp app;

        public Tick(DataSource dataSource, NonstopApp app) {
            this.dataSource = dataSource;
            this.app = app;
        }

        @Scheduled(fixedRate = PERIOD_MS)
        @NonstopJob(name = "tick", lease = "5s")
        public void tick() throws SQLException, InterruptedException {
            long started = System.currentTimeMillis();
            long token = ClusterJobs.currentToken().orElseThrow();
            Thread.sleep(30); // the job's work
            try (Connection c = dataSource.getConnection();
                    PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO run_log (instance, token, started_at, finished_at) VALUES (?,?,?,?)")) {
                insert.setString(1, app.instance());
                insert.setLong(2, token);
                insert.setLong(3, started);
                insert.setLong(4, System.currentTimeMillis());
                insert.executeUpdate();
            }
        }
    }

    // No component scan: the other tests' apps live in this package too.
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableScheduling
    static class TickApp {
        @Bean
        Tick tick(DataSource dataSource, NonstopApp app) {
            return new Tick(dataSource, app);
        }
    }

    record Run(String instance, long token, long startedAt, long finishedAt) {}

    private static PGSimpleDataSource admin;

    @BeforeAll
    static void createSchema() {
        admin = new PGSimpleDataSource();
        admin.setURL(URL + "?currentSchema=" + SCHEMA);
        admin.setUser("postgres");
        try (Connection c = admin.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + SCHEMA);
            s.execute("CREATE TABLE " + SCHEMA + ".run_log (instance VARCHAR(64) NOT NULL, token BIGINT NOT NULL,"
                    + " started_at BIGINT NOT NULL, finished_at BIGINT NOT NULL)");
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "this test needs PostgreSQL on 127.0.0.1:5432, database test, user postgres: " + e, e);
        }
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        try (Connection c = admin.getConnection();
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
        }
    }

    @Test
    void leaseIsTakenOverWithAGreaterTokenOnceItsHolderStopsRenewing() {
        JdbcJobLeases a = new JdbcJobLeases(admin, "lease_expiry", "a");
        JdbcJobLeases b = new JdbcJobLeases(admin, "lease_expiry", "b");
        Duration ttl = Duration.ofMillis(400);

        assertThat(a.acquire("report", ttl, 0)).hasValue(1);
        assertThat(b.acquire("report", ttl, 0)).isEmpty();
        assertThat(a.acquire("report", ttl, 1)).hasValue(1);

        // a stops renewing (its node died): b gets the job once the lease has expired, with token 2.
        OptionalLong[] taken = new OptionalLong[1];
        await().atMost(Duration.ofSeconds(5)).until(() -> (taken[0] = b.acquire("report", ttl, 0)).isPresent());
        assertThat(taken[0]).hasValue(2);
        assertThat(a.acquire("report", ttl, 1)).as("the old holder lost it").isEmpty();
        a.release("report", 1); // a stale release changes nothing
        assertThat(b.acquire("report", ttl, 2)).hasValue(2);
        b.release("report", 2);
        assertThat(a.acquire("report", ttl, 0)).hasValue(3);
    }

    private static ConfigurableApplicationContext start(String instance) {
        return new SpringApplicationBuilder(TickApp.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "spring.main.banner-mode=off",
                        "logging.level.root=warn",
                        "nonstop.app.token=t",
                        "nonstop.instance.id=" + instance,
                        "spring.datasource.url=" + URL + "?currentSchema=" + SCHEMA,
                        "spring.datasource.username=postgres",
                        "spring.datasource.hikari.maximum-pool-size=3")
                .run();
    }

    private static List<Run> runs() throws SQLException {
        List<Run> runs = new ArrayList<>();
        try (Connection c = admin.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT instance, token, started_at, finished_at FROM run_log ORDER BY started_at")) {
            while (rs.next()) {
                runs.add(new Run(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
            }
        }
        return runs;
    }

    @Test
    void guardedJobRunsOnOneInstanceAtATimeThroughARollingReleaseAndIsTakenOverWithItsToken() throws SQLException {
        List<ConfigurableApplicationContext> live = new ArrayList<>();
        Map<String, Long> drainedAt = new LinkedHashMap<>();
        Map<String, Long> idleAt = new LinkedHashMap<>();
        try {
            for (int i = 1; i <= 3; i++) {
                live.add(start("j-" + i));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> runs().size() >= 5);
            for (int i = 1; i <= 3; i++) {
                live.add(start("j-" + (i + 3)));
                ConfigurableApplicationContext old = live.remove(0);
                NonstopApp app = old.getBean(NonstopApp.class);
                assertThat(app.participants()).contains(old.getBean(ClusterJobs.class));
                drainedAt.put("j-" + i, System.currentTimeMillis());
                app.drain();
                await().atMost(Duration.ofSeconds(10)).until(() -> app.status().idle());
                idleAt.put("j-" + i, System.currentTimeMillis());
                assertThat(old.getBean(ClusterJobs.class).held()).isEmpty();
                old.close();
                int before = runs().size();
                await().atMost(Duration.ofSeconds(10)).until(() -> runs().size() >= before + 3);
            }
        } finally {
            live.forEach(ConfigurableApplicationContext::close);
        }

        List<Run> runs = runs();
        long overlapping = 0;
        long tokenWentBack = 0;
        long handoversWithoutNewToken = 0;
        long maxGap = 0;
        for (int k = 1; k < runs.size(); k++) {
            Run previous = runs.get(k - 1);
            Run run = runs.get(k);
            if (run.startedAt() < previous.finishedAt()) {
                overlapping++;
            }
            if (run.token() < previous.token()) {
                tokenWentBack++;
            }
            if (!run.instance().equals(previous.instance()) && run.token() <= previous.token()) {
                handoversWithoutNewToken++;
            }
            maxGap = Math.max(maxGap, run.startedAt() - previous.startedAt());
        }
        long startedAfterDrain = runs.stream()
                .filter(r -> drainedAt.containsKey(r.instance()) && r.startedAt() > drainedAt.get(r.instance()))
                .count();
        long startedAfterIdle = runs.stream()
                .filter(r -> idleAt.containsKey(r.instance()) && r.startedAt() > idleAt.get(r.instance()))
                .count();
        Map<String, Long> perInstance = new LinkedHashMap<>();
        runs.forEach(r -> perInstance.merge(r.instance() + "#" + r.token(), 1L, Long::sum));
        System.out.printf(
                "cluster job: %d runs by instance#token %s, overlapping %d, started after drain() %d,"
                        + " started after idle %d, longest gap %d ms%n",
                runs.size(), perInstance, overlapping, startedAfterDrain, startedAfterIdle, maxGap);

        assertThat(overlapping).as("runs overlapping in time (doubled)").isZero();
        assertThat(tokenWentBack).as("fencing token going back").isZero();
        assertThat(handoversWithoutNewToken)
                .as("takeovers without a greater token")
                .isZero();
        // A run that passed the gate just before drain() may write its start a moment after it: idle is the line.
        assertThat(startedAfterIdle)
                .as("runs started on a drained instance after it reported idle")
                .isZero();
        assertThat(perInstance.keySet().stream()
                        .map(k -> k.substring(0, k.indexOf('#')))
                        .distinct()
                        .count())
                .as("instances that held the job")
                .isGreaterThanOrEqualTo(2);
        // Handover takes the next 100 ms tick of another instance: nothing like a missed lease period (5 s).
        assertThat(maxGap).as("longest time without a run (ms)").isLessThan(2000);
    }
}
