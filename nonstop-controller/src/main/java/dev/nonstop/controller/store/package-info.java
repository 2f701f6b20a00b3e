/**
 * The controller's store: apps, instances, releases, their steps and the audit log, in one JDBC database (H2
 * embedded by default, PostgreSQL in production), schema managed by Flyway. Start at
 * {@link dev.nonstop.controller.store.ControllerStore}.
 *
 * <p>The embedded H2 store ({@link dev.nonstop.controller.store.ControllerStore#h2}) is reachable by the platform's own
 * process only: no H2 server mode (nothing listens on the network, a second process is refused by the file lock), a
 * random password in {@code store.password}, the directory 0700 and the store's files 0600.
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li>Times are the database's ({@code CURRENT_TIMESTAMP}), so controllers on several hosts agree.
 *   <li>Every write is its own transaction; nothing is half-done after a crash.
 *   <li>Step rows are append-only: {@code STARTED}, then {@code DONE} or {@code FAILED}. The last row of an
 *       instance is where a controller taking over resumes.
 *   <li>Fencing at the store: a release is owned by the holder of the highest fencing token that
 *       {@link dev.nonstop.controller.store.ControllerStore#claimRelease claimed} it. Every mutation made by the
 *       runner carries a {@link dev.nonstop.controller.store.ReleaseFence}, and the store refuses it with
 *       {@link dev.nonstop.controller.store.FencedOutException} once a higher token claimed the release. The check
 *       and the write happen under the release row's lock, so a claim and a stale write never interleave.
 *   <li>Operator commands (pause, resume, abort, rollback) are not fenced: any controller may apply them, with an
 *       optimistic check of the current state; the owner sees the new state before its next step, or within its
 *       command poll while it waits.
 * </ul>
 */
package dev.nonstop.controller.store;
