package dev.nonstop.testing.upstream.internal;

/** User events fired into every connection's pipeline by the upstream. */
public enum UpstreamEvent {
    /** The upstream is stopping: finish the request in progress, then close. */
    DRAIN
}
