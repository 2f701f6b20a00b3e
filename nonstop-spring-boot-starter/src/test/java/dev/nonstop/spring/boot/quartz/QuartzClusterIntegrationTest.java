package dev.nonstop.spring.boot.quartz;

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
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * Quartz clustered on a PostgreSQL job store, 3 instances (Spring contexts, each its own scheduler
 * instance id) released one after another: each old instance is drained, waited for until idle and
 * stopped once its successor runs. From the run log the job writes: no run starts on an instance
 * after it reported idle, no fire time is missed and none runs twice cluster-wide.
 */
class QuartzClusterIntegrationTest {

    static final long PERIOD_MS = 500;
    static final String SCHEMA =
            "nonstop_quartz_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    // No component scan: the other tests' apps live in this package too.
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class QuartzApp {

        @Bean
        JobDetail runLogJob() {
            return JobBuilder.newJob(RunLogJob.class)
                    .withIdentity("run-log")
                    .storeDurably()
                    .build();
        }

        @Bean
        Trigger runLogTrigger(JobDetail runLogJob) {
            return TriggerBuilder.newTrigger()
                    .forJob(runLogJob)
                    .withIdentity("every-500ms")
                    .startNow()
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                            .withIntervalInMilliseconds(PERIOD_MS)
                            .repeatForever())
                    .build();
        }
    }

    /** Writes one run log row per run: the trigger's scheduled fire time and the instance that ran it. */
    public static class RunLogJob implements Job {

        @Autowired
        DataSource dataSource;

        @Override
        public void execute(JobExecutionContext context) throws JobExecutionException {
            long started = System.currentTimeMillis();
            try {
                String instance = context.getScheduler().getSchedulerInstanceId();
                // The job's work: 100 ms, so drains find runs in progress.
                Thread.sleep(100);
                try (Connection c = dataSource.getConnection();
                        PreparedStatement insert = c.prepareStatement(
                                "INSERT INTO run_log (fire_time, instance, started_at, finished_at) VALUES (?,?,?,?)")) {
                    insert.setLong(1, context.getScheduledFireTime().getTime());
                    insert.setString(2, instance);
                    insert.setLong(3, started);
                    insert.setLong(4, System.currentTimeMillis());
                    insert.executeUpdate();
                }
            } catch (SchedulerException | SQLException e) {
                throw new JobExecutionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JobExecutionException(e);
            }
        }
    }

    record Run(long fireTime, String instance, long startedAt) {}

    private static PGSimpleDataSource admin;

    @BeforeAll
    static void createSchema() throws SQLException {
        admin = new PGSimpleDataSource();
        admin.setURL(URL);
        admin.setUser("postgres");
        try (Connection c = admin.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + SCHEMA);
                s.execute("SET search_path TO " + SCHEMA);
            }
            ScriptUtils.executeSqlScript(c, new ClassPathResource("org/quartz/impl/jdbcjobstore/tables_postgres.sql"));
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE run_log (fire_time BIGINT NOT NULL, instance VARCHAR(64) NOT NULL,"
                        + " started_at BIGINT NOT NULL, finished_at BIGINT NOT NULL)");
            }
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

    private static ConfigurableApplicationContext start(String instance) {
        return new SpringApplicationBuilder(QuartzApp.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "spring.main.banner-mode=off",
                        "logging.level.root=warn",
                        "nonstop.app.token=t",
                        "nonstop.instance.id=" + instance,
                        "spring.datasource.url=" + URL + "?currentSchema=" + SCHEMA,
                        "spring.datasource.username=postgres",
                        "spring.datasource.hikari.maximum-pool-size=4",
                        "spring.quartz.job-store-type=jdbc",
                        "spring.quartz.jdbc.initialize-schema=never",
                        "spring.quartz.wait-for-jobs-to-complete-on-shutdown=true",
                        "spring.quartz.properties.org.quartz.scheduler.instanceName=nonstop-cluster",
                        "spring.quartz.properties.org.quartz.scheduler.instanceId=" + instance,
                        "spring.quartz.properties.org.quartz.jobStore.isClustered=true",
                        "spring.quartz.properties.org.quartz.jobStore.clusterCheckinInterval=1000",
                        "spring.quartz.properties.org.quartz.jobStore.driverDelegateClass="
                                + "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate",
                        "spring.quartz.properties.org.quartz.threadPool.threadCount=2")
                .run();
    }

    private static List<Run> runs() throws SQLException {
        List<Run> runs = new ArrayList<>();
        try (Connection c = admin.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT fire_time, instance, started_at FROM " + SCHEMA + ".run_log ORDER BY fire_time")) {
            while (rs.next()) {
                runs.add(new Run(rs.getLong(1), rs.getString(2), rs.getLong(3)));
            }
        }
        return runs;
    }

    @Test
    void rollingReleaseOfThreeClusteredInstancesMissesNoFireTimeAndStartsNothingOnADrainedOne() throws SQLException {
        List<ConfigurableApplicationContext> live = new ArrayList<>();
        Map<String, Long> drainedAt = new LinkedHashMap<>();
        Map<String, Long> idleAt = new LinkedHashMap<>();
        long lateRuns = 0;
        try {
            for (int i = 1; i <= 3; i++) {
                live.add(start("q-" + i));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> runs().size() >= 4);

            for (int i = 1; i <= 3; i++) {
                live.add(start("q-" + (i + 3)));
                ConfigurableApplicationContext old = live.remove(0);
                String instance = "q-" + i;
                NonstopApp app = old.getBean(NonstopApp.class);
                QuartzJobs quartz = old.getBean(QuartzJobs.class);
                assertThat(app.participants()).contains(quartz);
                drainedAt.put(instance, System.currentTimeMillis());
                app.drain();
                await().atMost(Duration.ofSeconds(10)).until(() -> app.status().idle());
                idleAt.put(instance, System.currentTimeMillis());
                lateRuns += quartz.startedWhileDrained();
                old.close();
                int before = runs().size();
                // The cluster goes on without it.
                await().atMost(Duration.ofSeconds(10)).until(() -> runs().size() >= before + 2);
            }
        } finally {
            live.forEach(ConfigurableApplicationContext::close);
        }

        List<Run> runs = runs();
        long missed = 0;
        long doubled = 0;
        for (int k = 1; k < runs.size(); k++) {
            long gap = runs.get(k).fireTime() - runs.get(k - 1).fireTime();
            if (gap == 0) {
                doubled++;
            } else {
                missed += gap / PERIOD_MS - 1;
            }
        }
        long startedAfterIdle = runs.stream()
                .filter(r -> idleAt.containsKey(r.instance()) && r.startedAt() > idleAt.get(r.instance()))
                .count();
        long startedAfterDrain = runs.stream()
                .filter(r -> drainedAt.containsKey(r.instance()) && r.startedAt() > drainedAt.get(r.instance()))
                .count();
        Map<String, Long> perInstance = new LinkedHashMap<>();
        runs.forEach(r -> perInstance.merge(r.instance(), 1L, Long::sum));
        System.out.printf(
                "quartz cluster: %d runs %s, missed %d, doubled %d, started after drain() %d (counted late runs %d),"
                        + " started after idle %d%n",
                runs.size(), perInstance, missed, doubled, startedAfterDrain, lateRuns, startedAfterIdle);

        assertThat(runs.stream().map(Run::instance).distinct().count()).isGreaterThanOrEqualTo(2);
        assertThat(missed).as("fire times missed cluster-wide").isZero();
        assertThat(doubled).as("fire times run twice").isZero();
        assertThat(startedAfterIdle)
                .as("runs started on an instance after it reported idle")
                .isZero();
    }
}
