package dev.nonstop.controller.runner;

/**
 * Told, while an instance drains, how many requests it still has in flight (on all gateways, then
 * in the app itself), each time the count changes; for live progress displays.
 */
@FunctionalInterface
public interface InFlightListener {
    void inFlight(String releaseId, String instanceId, int inFlight);
}
