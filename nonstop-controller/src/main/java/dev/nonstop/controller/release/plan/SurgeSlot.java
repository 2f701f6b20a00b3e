package dev.nonstop.controller.release.plan;

/**
 * A new instance to start before any old one is drained.
 *
 * @param ordinal 1, 2, ... in the order to start them
 * @param host where to start it: the hosts of the current instances, in turn, in the order they first appear
 */
public record SurgeSlot(int ordinal, String host) {}
