package dev.nonstop.controller.api;

import dev.nonstop.controller.release.state.InstanceTransition;
import dev.nonstop.controller.release.state.InstanceTransitionListener;
import dev.nonstop.controller.release.state.ReleaseState;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process bus of release events: the runner publishes instance transitions (add this bus to an {@code
 * InstanceMachine} as its {@link InstanceTransitionListener}) and the state changes it makes; the API publishes the
 * state changes of the commands it applies; the {@code /events} streams subscribe.
 *
 * <pre>{@code
 * ReleaseEvents events = new ReleaseEvents();
 * try (ReleaseEvents.Subscription s = events.subscribe(releaseId, 0, e -> System.out.println(e.sequence()))) {
 *     events.publish(new ReleaseEvent.StateChanged(releaseId, PENDING, RUNNING, now, Optional.empty()));
 * }
 * }</pre>
 *
 * <p>Every event gets a sequence number, increasing per release from 1, and is kept (the last {@value
 * #DEFAULT_RETAINED_PER_RELEASE} per release, of the last {@value #DEFAULT_RETAINED_RELEASES} releases) so that a
 * subscriber can resume after the last number it saw. Numbers restart with the process; {@link #epoch()} tells one
 * process's numbers from another's. The bus is not durable: the step log in the store is the history.
 *
 * <p>Listeners are called in sequence order, one event at a time, on the publisher's thread; they must return
 * quickly and never block. A listener that throws is logged and kept.
 */
public final class ReleaseEvents implements InstanceTransitionListener {
    private static final Logger log = LoggerFactory.getLogger(ReleaseEvents.class);

    static final int DEFAULT_RETAINED_PER_RELEASE = 10_000;
    static final int DEFAULT_RETAINED_RELEASES = 64;

    private final String epoch =
            HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final Map<String, Channel> channels = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Channel> eldest) {
            return size() > DEFAULT_RETAINED_RELEASES
                    && eldest.getValue().listeners.isEmpty();
        }
    };

    /** An event with its sequence number in its release. */
    public record Sequenced(long sequence, ReleaseEvent event) {}

    /** Told of a release's events, in order. */
    @FunctionalInterface
    public interface Listener {
        void onEvent(Sequenced event);
    }

    /** A listener's registration; closing it stops the deliveries. */
    public interface Subscription extends AutoCloseable {
        /**
         * Whether every event after the requested sequence number was delivered; {@code false} when some were no
         * longer kept (or came from another process), and the subscriber should read the history from the store.
         */
        boolean complete();

        @Override
        void close();
    }

    /** Identifies this bus's sequence numbers: another process, or another bus, has another epoch. */
    public String epoch() {
        return epoch;
    }

    /** Publishes {@code event} to the subscribers of its release. */
    public void publish(ReleaseEvent event) {
        Objects.requireNonNull(event, "event");
        synchronized (this) {
            Channel channel = channels.computeIfAbsent(event.releaseId(), id -> new Channel());
            Sequenced sequenced = new Sequenced(++channel.lastSequence, event);
            if (event instanceof ReleaseEvent.Traffic t) {
                channel.lastTraffic = t;
                if (t.gate().isPresent()) {
                    channel.lastUsers = t;
                }
            }
            channel.history.addLast(sequenced);
            if (channel.history.size() > DEFAULT_RETAINED_PER_RELEASE) {
                channel.history.removeFirst();
            }
            for (Listener listener : new ArrayList<>(channel.listeners)) {
                deliver(listener, sequenced);
            }
        }
    }

    /** Publishes an {@link ReleaseEvent.InstanceMoved}. */
    @Override
    public void onTransition(InstanceTransition transition) {
        publish(new ReleaseEvent.InstanceMoved(transition));
    }

    /** Publishes a {@link ReleaseEvent.StateChanged}; {@code error} may be null. */
    public void stateChanged(String releaseId, ReleaseState from, ReleaseState to, Instant at, String error) {
        publish(new ReleaseEvent.StateChanged(releaseId, from, to, at, Optional.ofNullable(error)));
    }

    /**
     * Delivers the kept events of {@code releaseId} numbered above {@code afterSequence} to {@code listener}, then
     * every new one, until the subscription is closed. {@code afterSequence} 0 asks for everything kept; {@link
     * #subscribeToNew} for nothing but what comes next.
     */
    public Subscription subscribe(String releaseId, long afterSequence, Listener listener) {
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(listener, "listener");
        synchronized (this) {
            Channel channel = channels.computeIfAbsent(releaseId, id -> new Channel());
            long oldestKept = channel.history.isEmpty()
                    ? channel.lastSequence + 1
                    : channel.history.getFirst().sequence();
            boolean complete = afterSequence >= oldestKept - 1 && afterSequence <= channel.lastSequence;
            for (Sequenced sequenced : channel.history) {
                if (sequenced.sequence() > afterSequence) {
                    deliver(listener, sequenced);
                }
            }
            channel.listeners.add(listener);
            return new Subscription() {
                @Override
                public boolean complete() {
                    return complete;
                }

                @Override
                public void close() {
                    synchronized (ReleaseEvents.this) {
                        channel.listeners.remove(listener);
                    }
                }
            };
        }
    }

    /** Delivers only the events of {@code releaseId} published from now on. */
    public Subscription subscribeToNew(String releaseId, Listener listener) {
        synchronized (this) {
            Channel channel = channels.computeIfAbsent(releaseId, id -> new Channel());
            return subscribe(releaseId, channel.lastSequence, listener);
        }
    }

    /**
     * The latest traffic of a gray release this process runs (or ran): the last traffic event (its step and
     * percentage) and the last one with a gate's figures (the users on each version). Empty fields when this process
     * saw none: another controller runs the release, or this one restarted.
     */
    public synchronized LiveTraffic liveTraffic(String releaseId) {
        Channel channel = channels.get(releaseId);
        return channel == null
                ? new LiveTraffic(Optional.empty(), Optional.empty())
                : new LiveTraffic(Optional.ofNullable(channel.lastTraffic), Optional.ofNullable(channel.lastUsers));
    }

    /**
     * @param step the last traffic event: step, percentage, kind
     * @param users the last traffic event with a gate's figures (a gate's verdict, or blue-green's users on blue)
     */
    public record LiveTraffic(Optional<ReleaseEvent.Traffic> step, Optional<ReleaseEvent.Traffic> users) {}

    /** How many listeners {@code releaseId} has: for tests and diagnostics. */
    synchronized int listenerCount(String releaseId) {
        Channel channel = channels.get(releaseId);
        return channel == null ? 0 : channel.listeners.size();
    }

    private static void deliver(Listener listener, Sequenced sequenced) {
        try {
            listener.onEvent(sequenced);
        } catch (RuntimeException e) {
            log.warn(
                    "release events: a listener of release {} failed on event {}",
                    sequenced.event().releaseId(),
                    sequenced.sequence(),
                    e);
        }
    }

    /** One release's events and listeners; guarded by the bus's lock. */
    private static final class Channel {
        private final ArrayDeque<Sequenced> history = new ArrayDeque<>();
        private final List<Listener> listeners = new ArrayList<>();
        private long lastSequence;
        private ReleaseEvent.Traffic lastTraffic;
        private ReleaseEvent.Traffic lastUsers;
    }
}
