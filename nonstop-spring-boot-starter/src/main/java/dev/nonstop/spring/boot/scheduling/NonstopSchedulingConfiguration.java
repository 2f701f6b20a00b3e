package dev.nonstop.spring.boot.scheduling;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * {@code @Scheduled} methods as the {@code scheduled} drain participant, when the app has turned
 * scheduling on ({@code @EnableScheduling}). The condition names the processor's type, not its bean
 * name: the name constant differs between Spring 7 ({@code org.springframework.scheduling.config...})
 * and Spring 6 ({@code org.springframework.context.annotation...}), and a compiled-in constant would
 * leave the participant out on Spring Boot 3.5.
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.springframework.scheduling.annotation.SchedulingConfigurer")
@ConditionalOnBean(type = "org.springframework.scheduling.annotation.ScheduledAnnotationBeanPostProcessor")
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
