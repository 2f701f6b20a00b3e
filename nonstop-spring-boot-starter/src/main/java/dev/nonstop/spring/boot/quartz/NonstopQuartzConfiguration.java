package dev.nonstop.spring.boot.quartz;

import java.time.Duration;
import org.quartz.Scheduler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The app's Quartz schedulers (Spring Boot's, or the app's own {@code Scheduler} beans) as the
 * {@code quartz} drain participant. {@code nonstop.quartz.settle} (default {@code 1s}): how long
 * after a drain the participant stays busy, for a trigger Quartz fires right after standby.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.quartz.autoconfigure.QuartzAutoConfiguration",
            "org.springframework.boot.autoconfigure.quartz.QuartzAutoConfiguration"
        })
@ConditionalOnClass(name = "org.quartz.Scheduler")
@ConditionalOnBean(type = "org.quartz.Scheduler")
public class NonstopQuartzConfiguration {

    /** The property with the time the participant stays busy after a drain. */
    public static final String SETTLE = "nonstop.quartz.settle";

    @Bean
    public QuartzJobs nonstopQuartzJobs(ObjectProvider<Scheduler> schedulers, Environment environment) {
        Duration settle;
        String value = environment.getProperty(SETTLE, "1s");
        try {
            settle = DurationStyle.detectAndParse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    SETTLE + ": " + value + " (expected: a duration such as 1s or 500ms)", e);
        }
        return new QuartzJobs(schedulers.orderedStream().toList(), settle);
    }
}
