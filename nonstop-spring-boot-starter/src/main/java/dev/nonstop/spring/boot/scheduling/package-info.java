/**
 * Spring {@code @Scheduled} methods as a drain participant ({@link
 * dev.nonstop.spring.boot.scheduling.ScheduledJobs}, named {@code scheduled}): on a drained
 * instance no scheduled method starts, the running ones are counted and waited for, a resume lets
 * them start again. Also the lock-guarded {@link dev.nonstop.spring.boot.scheduling.NonstopJob}: a
 * job that runs on one instance of the cluster at a time, on a lease with a fencing token kept in
 * the database ({@link dev.nonstop.spring.boot.scheduling.JdbcJobLeases}), taken over by another
 * instance when its holder drains or dies.
 */
package dev.nonstop.spring.boot.scheduling;
