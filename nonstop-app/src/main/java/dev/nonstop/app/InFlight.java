package dev.nonstop.app;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts units of work in progress (requests, messages, jobs): {@link #enter()} when one starts,
 * {@link #exit()} once it has finished completely (for a request: after its response was written).
 * Also a {@link DrainParticipant}: idle when nothing is in flight.
 *
 * <p>One atomic counter, so {@link #count()} is exact at the moment it is read: a drained app is
 * never reported idle while a unit that entered before the drain is still running. Thread-safe.
 */
public final class InFlight implements DrainParticipant {

    private final String name;
    private final String unit;
    private final AtomicLong count = new AtomicLong();

    /**
     * @param name the participant name in the status, such as {@code http}
     * @param unit what is counted, for the status detail, such as {@code request(s)}
     */
    public InFlight(String name, String unit) {
        this.name = Participants.checkName(name);
        this.unit = Objects.requireNonNull(unit, "unit");
    }

    /** A unit of work starts. Pair every call with one {@link #exit()}, in a {@code finally}. */
    public void enter() {
        count.incrementAndGet();
    }

    /** A unit of work has finished. */
    public void exit() {
        count.decrementAndGet();
    }

    /** The units of work in progress now. */
    public long count() {
        return count.get();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ParticipantStatus status() {
        long now = count.get();
        return new ParticipantStatus(now == 0, now, now + " " + unit + " in flight");
    }

    @Override
    public String toString() {
        return "InFlight[" + name + "=" + count.get() + "]";
    }
}
