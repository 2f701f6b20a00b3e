package dev.nonstop.controller.client;

/**
 * What an instance says of its own work on {@code GET /nonstop/status}.
 *
 * @param inFlight application requests being served
 * @param draining whether the app was told to drain
 * @param idle draining and nothing in flight (no requests, consumers paused, no running jobs)
 * @param version the version the instance runs
 */
public record AppStatus(int inFlight, boolean draining, boolean idle, String version) {}
