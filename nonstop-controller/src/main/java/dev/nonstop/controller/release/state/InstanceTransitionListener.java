package dev.nonstop.controller.release.state;

/** Told of every instance transition, in order, on the thread that made it. Must return quickly. */
@FunctionalInterface
public interface InstanceTransitionListener {

    void onTransition(InstanceTransition transition);
}
