package dev.nonstop.gateway.contract;

/** How an app's new requests are spread over its eligible members. */
public enum Balancing {
    /** Smooth weighted round-robin (the nginx algorithm), lock-free. */
    ROUND_ROBIN,
    /** Power of two random choices, picking the one with fewer in-flight requests per weight. */
    LEAST_IN_FLIGHT
}
