/**
 * Quartz schedulers as a drain participant ({@link dev.nonstop.spring.boot.quartz.QuartzJobs},
 * named {@code quartz}): on drain the schedulers go to standby (they acquire no trigger any more;
 * clustered on a JDBC job store, another instance fires the next one), the jobs running finish and
 * are counted by a {@code JobListener}; on resume they start again.
 */
package dev.nonstop.spring.boot.quartz;
