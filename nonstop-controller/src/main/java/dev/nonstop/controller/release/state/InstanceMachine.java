package dev.nonstop.controller.release.state;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance's walk through a release along its {@link InstancePath}. Thread-safe; transitions are totally
 * ordered and listeners see them in that order, on the thread that made them. A listener that throws is logged and
 * does not stop the others nor undo the transition.
 *
 * <p>The machine holds no persistence: the release runner records each step in the store before and after running
 * it, and rebuilds a machine with {@link #resume} when it takes a release over.
 */
public final class InstanceMachine {

    private static final Logger log = LoggerFactory.getLogger(InstanceMachine.class);

    private final String releaseId;
    private final String instanceId;
    private final InstancePath path;
    private final Clock clock;
    private final List<InstanceTransitionListener> listeners = new CopyOnWriteArrayList<>();
    private InstanceStep step;

    private InstanceMachine(String releaseId, String instanceId, InstancePath path, InstanceStep step, Clock clock) {
        this.releaseId = Objects.requireNonNull(releaseId, "releaseId");
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
        this.path = Objects.requireNonNull(path, "path");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.step = step;
    }

    /** A machine at the path's initial step. */
    public static InstanceMachine start(String releaseId, String instanceId, InstancePath path, Clock clock) {
        return new InstanceMachine(releaseId, instanceId, path, path.initial(), clock);
    }

    /**
     * A machine at {@code step}, as recorded in the store.
     *
     * @throws IllegalArgumentException when {@code step} is not on {@code path}
     */
    public static InstanceMachine resume(
            String releaseId, String instanceId, InstancePath path, InstanceStep step, Clock clock) {
        if (!path.steps().contains(step)) {
            throw new IllegalArgumentException("step: " + step + " (expected: one of " + path.steps() + ")");
        }
        return new InstanceMachine(releaseId, instanceId, path, step, clock);
    }

    public String releaseId() {
        return releaseId;
    }

    public String instanceId() {
        return instanceId;
    }

    public InstancePath path() {
        return path;
    }

    /** The current step. */
    public synchronized InstanceStep step() {
        return step;
    }

    /** Whether the instance reached a step that nothing leaves. */
    public synchronized boolean isFinished() {
        return path.isFinal(step);
    }

    public void addListener(InstanceTransitionListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(InstanceTransitionListener listener) {
        listeners.remove(listener);
    }

    /**
     * Moves to {@code to} and tells the listeners.
     *
     * @throws IllegalTransitionException when the path's table does not allow it; nothing changes
     */
    public synchronized InstanceTransition transitionTo(InstanceStep to, String detail) {
        Objects.requireNonNull(to, "to");
        path.check(step, to);
        InstanceTransition transition =
                new InstanceTransition(releaseId, instanceId, step, to, clock.instant(), detail);
        step = to;
        for (InstanceTransitionListener listener : listeners) {
            try {
                listener.onTransition(transition);
            } catch (RuntimeException e) {
                log.warn("Listener {} failed on {}", listener, transition, e);
            }
        }
        return transition;
    }

    /**
     * Moves one step forward on the successful path.
     *
     * @throws IllegalTransitionException at the target or off the path (failed, rolling back)
     */
    public synchronized InstanceTransition advance(String detail) {
        InstanceStep next = path.forward(step)
                .orElseThrow(() -> new IllegalTransitionException(step, step, "no forward step on path " + path));
        return transitionTo(next, detail);
    }

    @Override
    public synchronized String toString() {
        return "InstanceMachine[" + releaseId + "/" + instanceId + " " + path + " at " + step + "]";
    }
}
