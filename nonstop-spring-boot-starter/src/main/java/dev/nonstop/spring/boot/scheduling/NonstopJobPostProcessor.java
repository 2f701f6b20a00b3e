package dev.nonstop.spring.boot.scheduling;

import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;

/**
 * Proxies the beans with {@link NonstopJob} methods, before Spring's {@code @Scheduled} processing
 * looks at them (so the scheduled runs go through the proxy).
 */
final class NonstopJobPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

    NonstopJobPostProcessor(ObjectProvider<ClusterJobs> jobs) {
        this.advisor = new DefaultPointcutAdvisor(
                AnnotationMatchingPointcut.forMethodAnnotation(NonstopJob.class), new NonstopJobInterceptor(jobs));
        this.beforeExistingAdvisors = true;
        setProxyTargetClass(true);
        setOrder(Ordered.LOWEST_PRECEDENCE - 1);
    }
}
