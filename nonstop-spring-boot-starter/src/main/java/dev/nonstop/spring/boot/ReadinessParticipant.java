package dev.nonstop.spring.boot;

import dev.nonstop.app.DrainParticipant;
import dev.nonstop.app.ParticipantStatus;
import java.util.Locale;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Moves Spring Boot's readiness state with the drain: {@link ReadinessState#REFUSING_TRAFFIC} on
 * drain (so {@code /actuator/health/readiness} answers {@code OUT_OF_SERVICE} and anything watching
 * it stops sending work), {@link ReadinessState#ACCEPTING_TRAFFIC} on resume. Never busy.
 */
final class ReadinessParticipant implements DrainParticipant {

    private final ApplicationEventPublisher publisher;
    private final ApplicationAvailability availability;

    ReadinessParticipant(ApplicationEventPublisher publisher, ApplicationAvailability availability) {
        this.publisher = publisher;
        this.availability = availability;
    }

    @Override
    public String name() {
        return "readiness";
    }

    @Override
    public void drain() {
        AvailabilityChangeEvent.publish(publisher, this, ReadinessState.REFUSING_TRAFFIC);
    }

    @Override
    public void resume() {
        AvailabilityChangeEvent.publish(publisher, this, ReadinessState.ACCEPTING_TRAFFIC);
    }

    @Override
    public ParticipantStatus status() {
        return ParticipantStatus.idle(
                availability == null
                        ? "unknown"
                        : "readiness " + availability.getReadinessState().name().toLowerCase(Locale.ROOT));
    }
}
