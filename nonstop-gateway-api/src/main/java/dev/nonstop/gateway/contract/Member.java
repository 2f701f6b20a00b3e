package dev.nonstop.gateway.contract;

import java.util.Objects;

/**
 * One backend instance of an app: where it listens, its relative weight and its state.
 *
 * @param id unique across the whole routing table, e.g. {@code shop-1}
 * @param weight relative share of new requests, {@code 0..10000}; 0 means no new requests
 */
public record Member(String id, String host, int port, int weight, MemberState state) {

    public static final int DEFAULT_WEIGHT = 100;
    public static final int MAX_WEIGHT = 10_000;

    public Member {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(state, "state");
    }

    public static Member active(String id, String host, int port) {
        return new Member(id, host, port, DEFAULT_WEIGHT, MemberState.ACTIVE);
    }

    public Member withState(MemberState newState) {
        return new Member(id, host, port, weight, newState);
    }

    public Member withWeight(int newWeight) {
        return new Member(id, host, port, newWeight, state);
    }

    /** {@code host:port}, the key of upstream connection pools and health state. */
    public String address() {
        return host + ":" + port;
    }
}
