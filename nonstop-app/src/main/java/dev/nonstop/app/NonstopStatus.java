package dev.nonstop.app;

import java.util.List;
import java.util.Objects;

/**
 * The answer of {@code GET /nonstop/status} (and of drain and resume):
 * {@code {"instance":..,"version":..,"draining":bool,"idle":bool,"inFlight":N,"participants":[..]}}.
 *
 * @param instance the instance id ({@code NONSTOP_INSTANCE_ID})
 * @param version the version the app runs
 * @param draining whether the app was told to drain
 * @param idle draining and every participant idle: what a release waits for before it stops the instance
 * @param inFlight the units of work in progress, summed over the participants
 * @param participants each participant's own status, in registration order
 */
public record NonstopStatus(
        String instance,
        String version,
        boolean draining,
        boolean idle,
        long inFlight,
        List<Participant> participants) {

    public NonstopStatus {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(version, "version");
        participants = List.copyOf(participants);
    }

    /**
     * One participant's line in the status.
     *
     * @param name {@link DrainParticipant#name()}
     * @param idle {@link ParticipantStatus#idle()}
     * @param inFlight {@link ParticipantStatus#inFlight()}
     * @param detail {@link ParticipantStatus#detail()}
     */
    public record Participant(String name, boolean idle, long inFlight, String detail) {

        public Participant {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** The JSON of the contract, on one line. */
    public String toJson() {
        StringBuilder json = new StringBuilder(128 + 96 * participants.size());
        json.append("{\"instance\":");
        Json.string(json, instance);
        json.append(",\"version\":");
        Json.string(json, version);
        json.append(",\"draining\":")
                .append(draining)
                .append(",\"idle\":")
                .append(idle)
                .append(",\"inFlight\":")
                .append(inFlight)
                .append(",\"participants\":[");
        for (int i = 0; i < participants.size(); i++) {
            Participant participant = participants.get(i);
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"name\":");
            Json.string(json, participant.name());
            json.append(",\"idle\":")
                    .append(participant.idle())
                    .append(",\"inFlight\":")
                    .append(participant.inFlight())
                    .append(",\"detail\":");
            Json.string(json, participant.detail());
            json.append('}');
        }
        return json.append("]}").toString();
    }
}
