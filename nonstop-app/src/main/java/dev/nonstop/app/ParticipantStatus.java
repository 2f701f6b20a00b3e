package dev.nonstop.app;

import java.util.Objects;

/**
 * What one {@link DrainParticipant} reports.
 *
 * @param idle nothing of this participant is in progress: a drained app stops only when every participant is idle
 * @param inFlight units of work in progress (requests, messages being handled, running jobs); {@code >= 0}
 * @param detail one short line for a person, such as {@code "consumer paused, 2 message(s) in flight"}
 */
public record ParticipantStatus(boolean idle, long inFlight, String detail) {

    public ParticipantStatus {
        if (inFlight < 0) {
            throw new IllegalArgumentException("inFlight: " + inFlight + " (expected: >= 0)");
        }
        Objects.requireNonNull(detail, "detail");
    }

    /** Nothing in progress. */
    public static ParticipantStatus idle(String detail) {
        return new ParticipantStatus(true, 0, detail);
    }

    /** {@code inFlight} units in progress; idle when that is 0. */
    public static ParticipantStatus inFlight(long inFlight, String detail) {
        return new ParticipantStatus(inFlight == 0, inFlight, detail);
    }

    /** Busy with work that is not counted in units, such as a consumer that has not stopped polling yet. */
    public static ParticipantStatus busy(String detail) {
        return new ParticipantStatus(false, 0, detail);
    }
}
