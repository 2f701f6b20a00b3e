package dev.nonstop.bench.locks;

import java.util.Map;

/**
 * One row of the table: a lock implementation on one store, opened in this JVM with {@code kind}
 * and {@code settings}, and held in the child JVM of the takeover measurement with {@code
 * holderKind} and {@code holderSettings}.
 *
 * @param throughput whether to measure uncontended throughput (false for a row that only shows a
 *     different way to hold, such as Redisson's default watchdog)
 * @param holdNote how the child holds the lock, printed under the table
 */
record Subject(
        String backend,
        String lock,
        Kind kind,
        Map<String, String> settings,
        Kind holderKind,
        Map<String, String> holderSettings,
        boolean throughput,
        String holdNote) {

    String label() {
        return backend + " / " + lock;
    }
}
