/**
 * The Nonstop controller: the control plane that owns apps, instances and releases.
 *
 * <ul>
 *   <li>{@link dev.nonstop.controller.release.spec}: what a release asks for ({@code ReleaseSpec}), validated
 *       whole so that every problem is reported at once;
 *   <li>{@link dev.nonstop.controller.release.state}: the per-instance and per-release state machines, each an
 *       explicit transition table;
 *   <li>{@link dev.nonstop.controller.release.plan}: the rolling plan, a pure function from the current instances
 *       to ordered batches;
 *   <li>{@link dev.nonstop.controller.store}: the JDBC store (H2 embedded, PostgreSQL) where every step is
 *       recorded before and after it runs, fenced by the release's lease token.
 * </ul>
 *
 * <p>{@code RELEASES.md} beside this module's pom explains how the pieces make a release resumable.
 */
package dev.nonstop.controller;
