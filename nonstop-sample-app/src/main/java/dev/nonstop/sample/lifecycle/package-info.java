/**
 * Where an instance is in its life, and the counters that let a release observe it.
 *
 * <ul>
 *   <li>{@link dev.nonstop.sample.lifecycle.InstanceLifecycle}: starting (the simulated warm-up), ready,
 *       draining (after {@code POST /nonstop/drain}: {@code /ready} answers 503 but requests are still
 *       served), stopping (after SIGTERM). It decides what {@code /ready} answers, and is the {@code readiness} participant of the drain contract.
 *   <li>The application requests in progress are counted in nonstop-app's {@code InFlight} (the
 *       {@code http} participant of {@code /nonstop/status}) by the router. Probes and control requests ({@code /health},
 *       {@code /ready}, {@code /nonstop/*}) are not counted, so a health checker polling a drained
 *       instance never makes it look busy.
 *   <li>{@link dev.nonstop.sample.lifecycle.ExchangeTracker}: every exchange the HTTP server runs,
 *       counted where the server hands it to its executor; the graceful stop waits for it to reach
 *       zero.
 *   <li>{@link dev.nonstop.sample.lifecycle.GracefulStop}: the SIGTERM shutdown hook.
 * </ul>
 */
package dev.nonstop.sample.lifecycle;
