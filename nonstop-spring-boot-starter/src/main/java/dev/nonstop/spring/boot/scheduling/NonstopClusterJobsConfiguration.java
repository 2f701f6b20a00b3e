package dev.nonstop.spring.boot.scheduling;

import dev.nonstop.app.NonstopApp;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * {@link NonstopJob} methods guarded by leases in the app's database ({@code DataSource} bean),
 * table {@code nonstop.jobs.lease-table} (default {@code nonstop_job_lease}, created on first use).
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"
        })
@ConditionalOnClass(name = "org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor")
public class NonstopClusterJobsConfiguration {

    /** The property with the lease table's name. */
    public static final String LEASE_TABLE = "nonstop.jobs.lease-table";

    @Bean
    static NonstopJobPostProcessor nonstopJobPostProcessor(ObjectProvider<ClusterJobs> jobs) {
        return new NonstopJobPostProcessor(jobs);
    }

    @Bean
    @ConditionalOnBean(DataSource.class)
    @ConditionalOnMissingBean
    public ClusterJobs nonstopClusterJobs(DataSource dataSource, NonstopApp app, Environment environment) {
        String table = environment.getProperty(LEASE_TABLE, "nonstop_job_lease");
        String owner = app.instance() + "-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            return new ClusterJobs(new JdbcJobLeases(dataSource, table, owner));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(LEASE_TABLE + ": " + e.getMessage(), e);
        }
    }
}
