package dev.nonstop.sample.spring.work;

import dev.nonstop.app.NonstopApp;
import dev.nonstop.sample.spring.AppIdentity;
import dev.nonstop.spring.boot.scheduling.ClusterJobs;
import dev.nonstop.spring.boot.scheduling.JdbcJobLeases;
import dev.nonstop.spring.boot.scheduling.NonstopJob;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * A job every instance schedules every {@value #PERIOD_SECONDS} seconds (on the clock's even seconds) and that runs
 * on one of them at a time ({@link NonstopJob}), its lease in the ledger's database: each run records its time slot
 * (the scheduled time divided by the period), so a slot without a run is a missed run and a slot with two a doubled
 * one.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sample.job.enabled", havingValue = "true")
@EnableScheduling
public class ClusterJob {

    /** The job's name in the ledger and the lease table. */
    public static final String NAME = "sample-report";

    /** The time between two runs. */
    public static final int PERIOD_SECONDS = 2;

    /** Leases shared by the instances, in the ledger (the app's own database is each instance's own). */
    @Bean
    ClusterJobs sampleClusterJobs(ObjectProvider<Ledger> ledger, NonstopApp app) {
        Ledger shared = WorkConfiguration.required(ledger, "sample.job.enabled");
        String owner = app.instance() + "-" + UUID.randomUUID().toString().substring(0, 8);
        return new ClusterJobs(new JdbcJobLeases(shared.dataSource(), "sample_job_lease", owner));
    }

    @Bean
    Job sampleJob(ObjectProvider<Ledger> ledger, AppIdentity identity) {
        return new Job(WorkConfiguration.required(ledger, "sample.job.enabled"), identity);
    }

    /** The job itself. */
    public static class Job {
        private final Ledger ledger;
        private final AppIdentity identity;

        Job(Ledger ledger, AppIdentity identity) {
            this.ledger = ledger;
            this.identity = identity;
        }

        @Scheduled(cron = "*/" + PERIOD_SECONDS + " * * * * *")
        @NonstopJob(name = NAME, lease = "10s")
        public void run() {
            // The slot of the scheduled time: a run starts at or (a little) after it, never a period later.
            long slot = (System.currentTimeMillis() + 100) / (PERIOD_SECONDS * 1000L);
            long token = ClusterJobs.currentToken().orElse(0);
            ledger.jobRan(NAME, slot, identity.instance(), token);
        }
    }
}
