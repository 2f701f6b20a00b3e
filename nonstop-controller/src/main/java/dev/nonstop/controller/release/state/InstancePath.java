package dev.nonstop.controller.release.state;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The three ways an instance goes through a release, each with its own transition table ({@link
 * InstanceTransitions}).
 */
public enum InstancePath {
    /** An old instance drained, stopped, upgraded in place and given traffic back. */
    UPGRADE(List.of(
            InstanceStep.RUNNING_OLD,
            InstanceStep.DRAINING,
            InstanceStep.DRAINED,
            InstanceStep.STOPPED,
            InstanceStep.DEPLOYED,
            InstanceStep.STARTED,
            InstanceStep.HEALTHY,
            InstanceStep.VERIFIED,
            InstanceStep.WARMING,
            InstanceStep.RUNNING_NEW)),
    /** A new instance started before any old one is drained, so that capacity never drops. */
    SURGE(List.of(
            InstanceStep.NEW,
            InstanceStep.DEPLOYED,
            InstanceStep.STARTED,
            InstanceStep.HEALTHY,
            InstanceStep.VERIFIED,
            InstanceStep.WARMING,
            InstanceStep.RUNNING_NEW)),
    /**
     * A new instance of a gray release's green group: started and verified straight on its port, then given traffic
     * by the release's routing (its traffic steps), not by its own weight ramp.
     */
    GREEN(List.of(
            InstanceStep.NEW,
            InstanceStep.DEPLOYED,
            InstanceStep.STARTED,
            InstanceStep.HEALTHY,
            InstanceStep.VERIFIED)),
    /** An old instance drained and stopped for good at the end, giving the surge capacity back. */
    RETIRE(List.of(
            InstanceStep.RUNNING_OLD,
            InstanceStep.DRAINING,
            InstanceStep.DRAINED,
            InstanceStep.STOPPED,
            InstanceStep.RETIRED));

    private final List<InstanceStep> forward;

    InstancePath(List<InstanceStep> forward) {
        this.forward = forward;
    }

    /** Whether the path starts a new instance (surge, green) rather than taking an old one. */
    public boolean startsNew() {
        return this == SURGE || this == GREEN;
    }

    /** The successful path, first to last. */
    public List<InstanceStep> forwardSteps() {
        return forward;
    }

    /** Where an instance on this path starts. */
    public InstanceStep initial() {
        return forward.get(0);
    }

    /** Where an instance on this path ends when the release succeeds. */
    public InstanceStep target() {
        return forward.get(forward.size() - 1);
    }

    /** The next step on the successful path, or empty at the target and off the path. */
    public Optional<InstanceStep> forward(InstanceStep from) {
        int i = forward.indexOf(from);
        return i < 0 || i == forward.size() - 1 ? Optional.empty() : Optional.of(forward.get(i + 1));
    }

    /** Whether the table allows {@code from -> to}. */
    public boolean allows(InstanceStep from, InstanceStep to) {
        return InstanceTransitions.successors(this, from).contains(to);
    }

    /** Every step {@code from} may move to; empty for a final step. */
    public Set<InstanceStep> successors(InstanceStep from) {
        return InstanceTransitions.successors(this, from);
    }

    /** Every step an instance on this path can be in. */
    public Set<InstanceStep> steps() {
        return InstanceTransitions.steps(this);
    }

    /** Whether no transition leaves {@code step}. */
    public boolean isFinal(InstanceStep step) {
        return steps().contains(step) && successors(step).isEmpty();
    }

    /** @throws IllegalTransitionException unless the table allows {@code from -> to} */
    public void check(InstanceStep from, InstanceStep to) {
        if (!allows(from, to)) {
            throw new IllegalTransitionException(from, to, "path " + name());
        }
    }
}
