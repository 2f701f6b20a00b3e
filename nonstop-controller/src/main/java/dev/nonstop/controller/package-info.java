/**
 * The Nonstop controller: the control plane that owns apps, instances and releases.
 *
 * <p>{@link dev.nonstop.controller.Controller} runs one, started from {@link
 * dev.nonstop.controller.ControllerSettings} as the gateway's {@code Gateway} is: it owns the store, the lease locks
 * (in the store's database unless the settings' {@link dev.nonstop.controller.LeaseBackend} opens Redis, ZooKeeper or
 * etcd), the release service with its recovery scanner and the REST API. {@code nonstop up} and {@code nonstop
 * controller} both start it; neither wires the parts by hand.
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
