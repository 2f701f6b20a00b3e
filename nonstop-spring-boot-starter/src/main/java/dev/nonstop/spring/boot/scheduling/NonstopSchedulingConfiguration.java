package dev.nonstop.spring.boot.scheduling;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.config.TaskManagementConfigUtils;

/**
 * {@code @Scheduled} methods as the {@code scheduled} drain participant, when the app has turned
 * scheduling on ({@code @EnableScheduling}).
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.springframework.scheduling.annotation.SchedulingConfigurer")
@ConditionalOnBean(name = TaskManagementConfigUtils.SCHEDULED_ANNOTATION_PROCESSOR_BEAN_NAME)
public class NonstopSchedulingConfiguration {

    @Bean
    public ScheduledJobs nonstopScheduledJobs() {
        return new ScheduledJobs();
    }

    @Bean
    NonstopSchedulingConfigurer nonstopSchedulingConfigurer(ListableBeanFactory beans, ScheduledJobs jobs) {
        return new NonstopSchedulingConfigurer(beans, jobs);
    }
}
