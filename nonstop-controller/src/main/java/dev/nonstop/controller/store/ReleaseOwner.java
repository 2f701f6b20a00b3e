package dev.nonstop.controller.store;

/** Which controller owns a release, and with which fencing token. */
public record ReleaseOwner(String controllerId, long fencingToken) {}
