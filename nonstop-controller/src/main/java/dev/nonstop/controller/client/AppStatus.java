package dev.nonstop.controller.client;

import java.util.List;
import java.util.Objects;

/**
 * What an instance says of its own work on {@code GET /nonstop/status}.
 *
 * @param inFlight application requests being served
 * @param draining whether the app was told to drain
 * @param idle draining and nothing in flight (no requests, consumers paused, no running jobs)
 * @param version the version the instance runs
 * @param participants each drain participant's own status, in the app's order; empty when the app does not list
 *     them (an older app, another implementation of the contract)
 */
public record AppStatus(int inFlight, boolean draining, boolean idle, String version, List<Participant> participants) {

    public AppStatus {
        Objects.requireNonNull(version, "version");
        participants = List.copyOf(participants);
    }

    /** A status without participants. */
    public AppStatus(int inFlight, boolean draining, boolean idle, String version) {
        this(inFlight, draining, idle, version, List.of());
    }

    /**
     * One drain participant's line in the status: {@code {"name","idle","inFlight","detail"}}.
     *
     * @param name the participant ({@code http}, {@code rabbitmq}, {@code quartz}, ...)
     * @param idle whether it holds no more work
     * @param inFlight the units of work it holds (requests, messages in hand, running jobs, calls)
     * @param detail what it holds, for people; empty when the app says nothing
     */
    public record Participant(String name, boolean idle, long inFlight, String detail) {

        public Participant {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(detail, "detail");
        }

        /**
         * What it still holds: {@code rabbitmq (2 in flight: 2 message(s) in hand on queue orders)}, or {@code name (N
         * in flight)} when the app gives no detail.
         */
        public String holding() {
            return name + " (" + inFlight + " in flight" + (detail.isBlank() ? "" : ": " + detail) + ")";
        }
    }
}
