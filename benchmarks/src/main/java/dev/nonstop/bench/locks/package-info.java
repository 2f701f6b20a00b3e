/**
 * The lock benchmark of {@code bench/locks}: Nonstop's lease locks on every backend (JDBC on H2,
 * PostgreSQL and MariaDB, Redis, ZooKeeper, etcd) side by side with Redisson's {@code RLock} on the
 * same Redis and Curator's {@code InterProcessMutex} on the same ZooKeeper.
 *
 * <p>{@link dev.nonstop.bench.locks.LockBench} measures uncontended acquire+release throughput and
 * latency on one thread, then the takeover time after a holder in a child JVM ({@link
 * dev.nonstop.bench.locks.LockHolder}) is killed with SIGKILL. Every implementation is reached
 * through one small {@link dev.nonstop.bench.locks.LockClient} interface so that both measurements
 * run the same code for all of them.
 */
package dev.nonstop.bench.locks;
