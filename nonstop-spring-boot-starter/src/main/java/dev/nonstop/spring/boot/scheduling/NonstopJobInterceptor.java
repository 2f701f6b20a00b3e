package dev.nonstop.spring.boot.scheduling;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.annotation.AnnotatedElementUtils;

/** Runs a {@link NonstopJob} method through {@link ClusterJobs#runIfHolder}. */
final class NonstopJobInterceptor implements MethodInterceptor {

    record Job(String name, Duration lease) {}

    private final ObjectProvider<ClusterJobs> jobs;
    private final Map<Method, Job> settings = new ConcurrentHashMap<>();

    NonstopJobInterceptor(ObjectProvider<ClusterJobs> jobs) {
        this.jobs = jobs;
    }

    static Job job(Method method) {
        NonstopJob annotation = AnnotatedElementUtils.findMergedAnnotation(method, NonstopJob.class);
        String name = annotation.name().isBlank()
                ? method.getDeclaringClass().getSimpleName() + "." + method.getName()
                : annotation.name();
        Duration lease;
        try {
            lease = DurationStyle.detectAndParse(annotation.lease());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("@NonstopJob(lease) on " + method + ": " + annotation.lease()
                    + " (expected: a duration such as 30s or PT1M)");
        }
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException(
                    "@NonstopJob(lease) on " + method + ": " + annotation.lease() + " (expected: > 0)");
        }
        return new Job(name, lease);
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        Job job = settings.computeIfAbsent(invocation.getMethod(), NonstopJobInterceptor::job);
        ClusterJobs cluster = jobs.getIfAvailable();
        if (cluster == null) {
            throw new IllegalStateException("@NonstopJob " + job.name()
                    + ": no ClusterJobs (the job leases need a DataSource bean in the app)");
        }
        Throwable[] failure = new Throwable[1];
        Object result = cluster.runIfHolder(job.name(), job.lease(), token -> {
            try {
                return invocation.proceed();
            } catch (Throwable e) {
                failure[0] = e;
                return null;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        return result;
    }
}
