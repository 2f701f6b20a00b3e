package dev.nonstop.controller.release.spec;

import java.util.Set;

/**
 * One request sent straight to a new instance (not through the gateway) before it gets traffic; the instance passes
 * when the response status is one of {@code expectedStatuses}.
 */
public record SmokeCheck(String method, String path, Set<Integer> expectedStatuses) {

    /** {@code GET /version} answering 200. */
    public static final SmokeCheck DEFAULT = new SmokeCheck("GET", "/version", Set.of(200));

    public SmokeCheck {
        expectedStatuses = expectedStatuses == null ? null : Set.copyOf(expectedStatuses);
    }

    /** A {@code GET} of {@code path} expecting one of {@code statuses}. */
    public static SmokeCheck get(String path, Integer... statuses) {
        return new SmokeCheck("GET", path, Set.of(statuses));
    }
}
