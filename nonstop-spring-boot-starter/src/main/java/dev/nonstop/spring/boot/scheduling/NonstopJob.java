package dev.nonstop.spring.boot.scheduling;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A job that runs on one instance of the cluster at a time: put it on a method that every instance
 * calls on a schedule (a {@code @Scheduled} one). A call runs the method only on the instance that
 * holds the job's lease, taking the lease when it is free or expired; elsewhere the call returns
 * at once ({@code null} for a method with a result). The holder keeps the lease from run to run,
 * gives it up when it is drained or stopped (once its run has ended), and loses it when it has not
 * renewed it for {@link #lease()}; the next holder gets a greater fencing token, which the running
 * method reads from {@link ClusterJobs#currentToken()} and can write along with its results so a
 * store refuses the writes of a holder that was taken over.
 *
 * <p>The leases live in the app's database ({@link JdbcJobLeases}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface NonstopJob {

    /** The job's name, the same on every instance; default: {@code ClassName.method}. */
    String name() default "";

    /**
     * How long the lease lasts without a run renewing it, as a Spring duration ({@code 30s},
     * {@code PT1M}): longer than the time between two runs, and than a run.
     */
    String lease() default "30s";
}
