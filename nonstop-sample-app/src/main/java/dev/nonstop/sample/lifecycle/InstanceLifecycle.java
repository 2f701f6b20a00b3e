package dev.nonstop.sample.lifecycle;

import dev.nonstop.app.DrainParticipant;
import dev.nonstop.app.ParticipantStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The readiness of an instance: warm-up, drain and stop. Thread-safe. Also the {@code readiness}
 * participant of the drain contract: a drain makes {@code /ready} answer 503, a resume 200 again.
 */
public final class InstanceLifecycle implements DrainParticipant {

    /** What {@code /ready} reports. */
    public enum Readiness {
        /** The simulated warm-up has not passed yet. */
        STARTING,
        READY,
        /** Drained by {@code POST /nonstop/drain}; requests are still served. */
        DRAINING,
        /** A SIGTERM arrived; requests in flight are finishing. */
        STOPPING,
        /** {@code SAMPLE_FAIL_HEALTH} is set: never ready. */
        FAILING
    }

    private final Clock clock;
    private final Instant readyAt;
    private final boolean failHealth;
    private volatile boolean draining;
    private volatile boolean stopping;

    /**
     * @param clock the time source of the warm-up
     * @param startupDelay how long after now the instance becomes ready
     * @param failHealth never become ready
     */
    public InstanceLifecycle(Clock clock, Duration startupDelay, boolean failHealth) {
        this.clock = clock;
        this.readyAt = clock.instant().plus(startupDelay);
        this.failHealth = failHealth;
    }

    public Readiness readiness() {
        if (stopping) {
            return Readiness.STOPPING;
        }
        if (failHealth) {
            return Readiness.FAILING;
        }
        if (clock.instant().isBefore(readyAt)) {
            return Readiness.STARTING;
        }
        return draining ? Readiness.DRAINING : Readiness.READY;
    }

    public boolean isDraining() {
        return draining;
    }

    @Override
    public void drain() {
        draining = true;
    }

    @Override
    public void resume() {
        draining = false;
    }

    @Override
    public String name() {
        return "readiness";
    }

    /** Never busy: readiness only says whether the gateway should send requests. */
    @Override
    public ParticipantStatus status() {
        return ParticipantStatus.idle("ready endpoint " + readiness().name().toLowerCase(Locale.ROOT));
    }

    /** Irreversible: the instance is going away. */
    public void stop() {
        stopping = true;
    }
}
