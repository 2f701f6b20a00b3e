package dev.nonstop.spring.boot.scheduling;

import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.ScheduledAnnotationBeanPostProcessor;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.concurrent.ConcurrentTaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Gives the {@code @Scheduled} methods a {@link DrainingTaskScheduler} around the scheduler they
 * would have used: the one another {@link SchedulingConfigurer} set (this one runs last), else the
 * only {@link TaskScheduler} bean, else the one named {@code taskScheduler} (Spring Boot's), else
 * the only {@link ScheduledExecutorService} bean, else a single thread of its own, as Spring's
 * scheduling itself falls back to.
 */
final class NonstopSchedulingConfigurer implements SchedulingConfigurer, Ordered, DisposableBean {

    private final ListableBeanFactory beans;
    private final ScheduledJobs jobs;
    private ThreadPoolTaskScheduler own;

    NonstopSchedulingConfigurer(ListableBeanFactory beans, ScheduledJobs jobs) {
        this.beans = beans;
        this.jobs = jobs;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        TaskScheduler current = registrar.getScheduler();
        if (current instanceof DrainingTaskScheduler) {
            return;
        }
        registrar.setTaskScheduler(new DrainingTaskScheduler(current != null ? current : resolve(), jobs));
    }

    private TaskScheduler resolve() {
        Map<String, TaskScheduler> schedulers = beans.getBeansOfType(TaskScheduler.class);
        if (schedulers.size() == 1) {
            return schedulers.values().iterator().next();
        }
        TaskScheduler named = schedulers.get(ScheduledAnnotationBeanPostProcessor.DEFAULT_TASK_SCHEDULER_BEAN_NAME);
        if (named != null) {
            return named;
        }
        Map<String, ScheduledExecutorService> executors = beans.getBeansOfType(ScheduledExecutorService.class);
        if (executors.size() == 1) {
            return new ConcurrentTaskScheduler(executors.values().iterator().next());
        }
        own = new ThreadPoolTaskScheduler();
        own.setThreadNamePrefix("nonstop-scheduling-");
        own.initialize();
        return own;
    }

    @Override
    public void destroy() {
        if (own != null) {
            own.shutdown();
        }
    }
}
