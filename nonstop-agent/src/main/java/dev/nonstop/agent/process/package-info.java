/**
 * App processes: {@link dev.nonstop.agent.process.ProcessDriver} starts an installed version as
 * {@code <java> <jvmArgs> -jar app.jar} with {@code PORT} and {@code NONSTOP_INSTANCE_ID} in its
 * environment, appends its output to {@code <dataDir>/logs/<instanceId>.log} (the previous run kept
 * as {@code .log.1}), and stops it gracefully: SIGTERM, wait up to the timeout, then SIGKILL, saying
 * which happened in a {@link dev.nonstop.agent.contract.StopResult}. A process that exits on its own
 * is noticed and reported {@link dev.nonstop.agent.contract.InstanceState#EXITED} with its code. The
 * driver never leaks a process: closing it, or the JVM shutting down, stops everything it started.
 *
 * <pre>
 * STARTING ─▶ RUNNING ─▶ STOPPING ─▶ STOPPED
 *    │           └──────(exits on its own)──▶ EXITED
 *    └─(cannot spawn)─▶ FAILED
 * </pre>
 */
package dev.nonstop.agent.process;
