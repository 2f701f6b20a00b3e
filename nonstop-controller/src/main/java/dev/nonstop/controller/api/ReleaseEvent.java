package dev.nonstop.controller.api;

import dev.nonstop.controller.release.state.InstanceTransition;
import dev.nonstop.controller.release.state.ReleaseState;
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
}
