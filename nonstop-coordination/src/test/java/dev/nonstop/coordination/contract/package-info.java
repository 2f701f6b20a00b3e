/**
 * The contract every {@link dev.nonstop.coordination.LockService} backend passes, shipped in the
 * test-jar: extend {@link dev.nonstop.coordination.contract.LockServiceContractTest} with a {@link
 * dev.nonstop.coordination.contract.LockServiceFactory} for the backend, and the kit runs mutual
 * exclusion across threads and JVMs, token order, SIGKILL and SIGSTOP of a holder, a store
 * interruption and renewal under load against a real server. Child JVMs run {@link
 * dev.nonstop.coordination.contract.LockHolderMain} with the test classpath.
 */
package dev.nonstop.coordination.contract;
