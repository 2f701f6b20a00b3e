package dev.nonstop.controller.api;

import dev.nonstop.controller.release.state.InstanceTransition;
import dev.nonstop.controller.release.state.ReleaseState;
import dev.nonstop.controller.runner.GateResult;
import dev.nonstop.controller.runner.TrafficListener;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Something that happened to a release, published on {@link ReleaseEvents}. */
public sealed interface ReleaseEvent {

    String releaseId();

    Instant at();

    /** One instance moved from one step to another. */
    record InstanceMoved(InstanceTransition transition) implements ReleaseEvent {
        public InstanceMoved {
            Objects.requireNonNull(transition, "transition");
        }

        @Override
        public String releaseId() {
            return transition.releaseId();
        }

        @Override
        public Instant at() {
            return transition.at();
        }
    }

    /**
     * The whole release moved from one state to another.
     *
     * @param error why it failed, when it did
     */
    record StateChanged(String releaseId, ReleaseState from, ReleaseState to, Instant at, Optional<String> error)
            implements ReleaseEvent {
        public StateChanged {
            Objects.requireNonNull(releaseId, "releaseId");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(error, "error");
        }
    }

    /** How many requests an instance still has in flight while it drains (gateways, then the app). */
    record InFlight(String releaseId, String instanceId, int inFlight, Instant at) implements ReleaseEvent {
        public InFlight {
            Objects.requireNonNull(releaseId, "releaseId");
            Objects.requireNonNull(instanceId, "instanceId");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A gray release's traffic moved or was judged: a step started (green at {@code percent}% of users), its gate
     * passed or failed (with the figures), an approval is awaited or given, blue-green switched, traffic promoted to
     * green or sent back to blue.
     *
     * @param step the traffic step, 1-based; 0 for promotion and rollback
     * @param gate the gate's figures, empty for a kind without them
     */
    record Traffic(
            String releaseId,
            TrafficListener.Kind kind,
            int step,
            int percent,
            String detail,
            Optional<GateResult> gate,
            Instant at)
            implements ReleaseEvent {
        public Traffic {
            Objects.requireNonNull(releaseId, "releaseId");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(at, "at");
            detail = detail == null ? "" : detail;
            gate = gate == null ? Optional.empty() : gate;
        }

        /** With {@code gate} null for none. */
        public Traffic(
                String releaseId,
                TrafficListener.Kind kind,
                int step,
                int percent,
                String detail,
                GateResult gate,
                Instant at) {
            this(releaseId, kind, step, percent, detail, Optional.ofNullable(gate), at);
        }
    }
}
